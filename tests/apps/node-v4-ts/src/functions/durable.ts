import { HttpRequest, HttpResponse, InvocationContext } from '@azure/functions';
import * as df from 'durable-functions';
import { ActivityHandler, OrchestrationContext, OrchestrationHandler } from 'durable-functions';

const shipOrder: ActivityHandler = (orderId: string): string => `shipped ${orderId}`;
df.app.activity('ShipOrder', { handler: shipOrder });

const fulfilOrder: OrchestrationHandler = function* (context: OrchestrationContext) {
    return yield context.df.callActivity('ShipOrder', context.df.getInput());
};
df.app.orchestration('FulfilOrder', fulfilOrder);

df.app.entity('OrderCounter', (context) => {
    context.df.setState((context.df.getState(() => 0) as number) + 1);
});

df.app.client.http('StartFulfilment', {
    route: 'fulfil/{orderId}',
    handler: async (request: HttpRequest, client: df.DurableClient, context: InvocationContext): Promise<HttpResponse> => {
        const instanceId = await client.startNew('FulfilOrder', { input: request.params.orderId });
        return client.createCheckStatusResponse(request, instanceId);
    },
});
