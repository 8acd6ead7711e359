import { app, InvocationContext } from '@azure/functions';
import { SERVICE_BUS } from '../config';

export async function billOrder(event: unknown, context: InvocationContext): Promise<void> {
    context.log(`billing for message ${context.triggerMetadata?.messageId}`, event);
}

// %OrderEventsTopic% is read from the app setting of that name when the host starts.
app.serviceBusTopic('BillOrder', {
    topicName: '%OrderEventsTopic%',
    subscriptionName: 'billing',
    connection: SERVICE_BUS,
    handler: billOrder,
});
