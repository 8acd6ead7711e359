const functions = require('@azure/functions');
const settings = require('../shared/settings');

functions.app.serviceBusQueue('SettleOrder', {
    queueName: 'settlements',
    connection: settings.SERVICE_BUS,
    handler: (message, context) => {},
});

functions.app.serviceBusTopic('BillOrder', {
    topicName: 'order-events',
    subscriptionName: 'billing',
    connection: settings.SERVICE_BUS,
    handler: (message, context) => {},
});

functions.app.eventHub('IngestTelemetry', {
    eventHubName: 'telemetry',
    connection: 'EventHubConnection',
    consumerGroup: '$Default',
    cardinality: 'many',
    handler: (events, context) => {},
});

functions.app.eventGrid('OnResourceEvent', {
    handler: (event, context) => {},
});
