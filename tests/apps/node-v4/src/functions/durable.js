const df = require('durable-functions');

const activityName = 'ShipOrder';

df.app.orchestration('FulfilOrder', function* (context) {
    const order = context.df.getInput();
    return yield context.df.callActivity(activityName, order);
});

df.app.activity(activityName, {
    handler: (order) => `shipped ${order.id}`,
});

df.app.entity('OrderCounter', (context) => {
    context.df.setState((context.df.getState(() => 0) || 0) + 1);
});

df.app.client.http('StartFulfilment', {
    route: 'fulfil/{orderId}',
    handler: async (request, client) => {
        const instanceId = await client.startNew('FulfilOrder', { input: request.params.orderId });
        return client.createCheckStatusResponse(request, instanceId);
    },
});
