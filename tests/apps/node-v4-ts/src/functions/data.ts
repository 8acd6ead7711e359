import { app, InvocationContext } from '@azure/functions';

app.cosmosDB('OnOrderChange', {
    connection: 'CosmosConnection',
    databaseName: 'shop',
    containerName: 'orders',
    createLeaseContainerIfNotExists: true,
    handler: async (documents: unknown[], context: InvocationContext): Promise<void> => {},
});

app.sql('OnOrderRow', {
    tableName: 'dbo.Orders',
    connectionStringSetting: 'SqlConnection',
    handler: async (changes: unknown[], context: InvocationContext): Promise<void> => {},
});

app.mySql('OnLegacyOrderRow', {
    tableName: 'Orders',
    connectionStringSetting: 'MySqlConnection',
    handler: async (changes: unknown[], context: InvocationContext): Promise<void> => {},
});

app.webPubSub('OnChatMessage', {
    name: 'request',
    hub: 'chat',
    eventName: 'message',
    eventType: 'user',
    connection: 'WebPubSubConnection',
    handler: async (request: unknown, context: InvocationContext): Promise<void> => {},
});

app.warmup('Warmup', {
    handler: async (warmupContext: unknown, context: InvocationContext): Promise<void> => {},
});
