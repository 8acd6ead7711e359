import { app, InvocationContext } from '@azure/functions';
import { ORDERS_QUEUE, STORAGE } from '../config';

export async function processOrder(order: unknown, context: InvocationContext): Promise<void> {
    context.log(`processing order (dequeue count ${context.triggerMetadata?.dequeueCount})`, order);
}

app.storageQueue('ProcessOrder', {
    queueName: ORDERS_QUEUE,
    connection: STORAGE,
    handler: processOrder,
});
