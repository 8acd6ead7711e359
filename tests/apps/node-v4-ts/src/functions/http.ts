import { app, HttpRequest, HttpResponseInit, InvocationContext, output } from '@azure/functions';
import { Queues, STORAGE } from '../shared';

const ordersQueue = output.storageQueue({ queueName: Queues.Orders, connection: STORAGE });

export async function createOrder(request: HttpRequest, context: InvocationContext): Promise<HttpResponseInit> {
    context.extraOutputs.set(ordersQueue, await request.json());
    return { status: 202 };
}

app.http('CreateOrder', {
    methods: ['POST'],
    route: 'orders',
    authLevel: 'function',
    extraOutputs: [ordersQueue],
    handler: createOrder,
});

app.get('Health', async (): Promise<HttpResponseInit> => ({ body: 'ok' }));
