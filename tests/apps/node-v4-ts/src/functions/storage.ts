import * as azf from '@azure/functions';
import { Queues, STORAGE } from '../shared/names';

export async function processOrder(message: unknown, context: azf.InvocationContext): Promise<void> {
    context.log('order', message);
}

azf.app.storageQueue('ProcessOrder', {
    queueName: Queues.Orders,
    connection: STORAGE,
    handler: processOrder,
});

azf.app.storageBlob('ProcessInvoice', {
    path: `${Queues.Invoices}/{name}`,
    connection: STORAGE,
    handler: async (blob: Buffer, context: azf.InvocationContext): Promise<void> => {
        context.log('invoice', context.triggerMetadata!.name);
    },
});

azf.app.timer('NightlyReport', {
    schedule: '0 0 2 * * *',
    handler: async (timer: azf.Timer): Promise<void> => {},
});
