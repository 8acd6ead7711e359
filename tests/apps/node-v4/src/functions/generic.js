const { app, trigger } = require('@azure/functions');

// Extensions without a helper in @azure/functions: declared with their function.json binding type.
app.generic('ScoreClick', {
    trigger: trigger.generic({
        type: 'kafkaTrigger',
        topic: 'clicks',
        brokerList: '%KafkaBrokers%',
        consumerGroup: 'scorer',
        lagThreshold: 500,
    }),
    handler: (event, context) => {},
});

app.generic('ResizeImage', {
    trigger: trigger.generic({ type: 'rabbitMQTrigger', queueName: 'images', connectionStringSetting: 'RabbitConnection' }),
    handler: (message, context) => {},
});

app.generic('DrainJobs', {
    trigger: trigger.generic({ type: 'redisListTrigger', connection: 'RedisConnection', key: 'jobs' }),
    handler: (entry, context) => {},
});

app.generic('FollowEvents', {
    trigger: { type: 'redisStreamTrigger', name: 'entry', connection: 'RedisConnection', key: 'events' },
    handler: (entry, context) => {},
});
