const { app, output } = require('@azure/functions');
const { STORAGE, QUEUES } = require('../shared/settings');

const ordersQueue = output.storageQueue({ queueName: QUEUES.orders, connection: STORAGE });

async function createOrder(request, context) {
    const order = await request.json();
    context.extraOutputs.set(ordersQueue, order);
    return { status: 202 };
}

app.http('CreateOrder', {
    methods: ['POST'],
    route: 'orders',
    authLevel: 'function',
    extraOutputs: [ordersQueue],
    handler: createOrder,
});

app.get('Health', async () => ({ body: 'ok' }));

app.deleteRequest('CancelOrder', {
    route: 'orders/{id}',
    handler: async (request) => ({ status: 204 }),
});
