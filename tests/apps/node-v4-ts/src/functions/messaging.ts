import { app, InvocationContext } from '@azure/functions';
import { serviceBus } from '../shared';

app.serviceBusQueue('SettleOrder', {
    queueName: 'settlements',
    ...serviceBus,
    handler: async (message: unknown, context: InvocationContext): Promise<void> => {},
});

app.serviceBusTopic('BillOrder', {
    topicName: 'order-events',
    subscriptionName: 'billing',
    ...serviceBus,
    handler: async (message: unknown, context: InvocationContext): Promise<void> => {},
});

app.eventHub('IngestTelemetry', {
    eventHubName: 'telemetry',
    connection: 'EventHubConnection',
    consumerGroup: '$Default',
    cardinality: 'many',
    handler: async (events: unknown[], context: InvocationContext): Promise<void> => {},
});

app.eventGrid('OnResourceEvent', {
    handler: async (event, context: InvocationContext): Promise<void> => {},
});
