// The reference app of the cross-model test: the same functions in every programming model.
const { app } = require('@azure/functions');

app.http('CreateOrder', {
    methods: ['POST'],
    route: 'orders',
    authLevel: 'function',
    handler: async (request, context) => ({ status: 202 }),
});

app.storageQueue('ProcessOrder', {
    queueName: 'orders',
    connection: 'AzureWebJobsStorage',
    handler: (message, context) => {
        context.log('order', message);
    },
});

app.serviceBusTopic('BillOrder', {
    topicName: 'order-events',
    subscriptionName: 'billing',
    connection: 'ServiceBusConnection',
    handler: (event, context) => {
        context.log('bill', context.triggerMetadata.messageId);
    },
});

app.storageBlob('ProcessInvoice', {
    path: 'invoices/{name}',
    connection: 'AzureWebJobsStorage',
    handler: (blob, context) => {
        context.log('invoice', context.triggerMetadata.name);
    },
});
