import { app, HttpRequest, HttpResponseInit, InvocationContext, output } from '@azure/functions';
import { ORDERS_QUEUE, STORAGE } from '../config';

interface Order {
    id: string;
    items: { sku: string; quantity: number }[];
}

const ordersQueue = output.storageQueue({ queueName: ORDERS_QUEUE, connection: STORAGE });

export async function createOrder(request: HttpRequest, context: InvocationContext): Promise<HttpResponseInit> {
    const order = (await request.json()) as Order;
    if (!order?.id || !Array.isArray(order.items) || order.items.length === 0) {
        return { status: 400, jsonBody: { error: 'an order needs an id and at least one item' } };
    }
    context.extraOutputs.set(ordersQueue, order);
    context.log(`accepted order ${order.id}`);
    return { status: 202, jsonBody: { id: order.id } };
}

app.http('CreateOrder', {
    methods: ['POST'],
    route: 'orders',
    authLevel: 'function',
    extraOutputs: [ordersQueue],
    handler: createOrder,
});
