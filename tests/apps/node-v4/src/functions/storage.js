const { app, input, output } = require('@azure/functions');
const { STORAGE, QUEUES } = require('../shared/settings');

const common = { connection: STORAGE };

app.storageQueue('ProcessOrder', {
    queueName: QUEUES.orders,
    ...common,
    extraInputs: [input.table({ tableName: 'customers', partitionKey: 'all', connection: STORAGE })],
    return: output.storageQueue({ queueName: QUEUES.audit, connection: STORAGE }),
    handler: (message, context) => message,
});

app.storageBlob('ProcessInvoice', {
    path: `${QUEUES.invoices}/{name}`,
    ...common,
    handler: (blob, context) => {
        context.log('invoice', context.triggerMetadata.name);
    },
});

app.timer('NightlyReport', {
    schedule: '0 0 2 * * *',
    handler: (timer, context) => {
        context.log('past due:', timer.isPastDue);
    },
});
