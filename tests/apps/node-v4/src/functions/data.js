const { app } = require('@azure/functions');

app.cosmosDB('OnOrderChange', {
    connection: 'CosmosConnection',
    databaseName: 'shop',
    containerName: 'orders',
    createLeaseContainerIfNotExists: true,
    handler: (documents, context) => {},
});

app.sql('OnOrderRow', {
    tableName: 'dbo.Orders',
    connectionStringSetting: 'SqlConnection',
    handler: (changes, context) => {},
});

app.mySql('OnLegacyOrderRow', {
    tableName: 'Orders',
    connectionStringSetting: 'MySqlConnection',
    handler: (changes, context) => {},
});

app.webPubSub('OnChatMessage', {
    name: 'request',
    hub: 'chat',
    eventName: 'message',
    eventType: 'user',
    connection: 'WebPubSubConnection',
    handler: (request, context) => {},
});

app.warmup('Warmup', {
    handler: (warmupContext, context) => {},
});
