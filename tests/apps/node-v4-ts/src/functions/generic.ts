import { app, trigger, InvocationContext } from '@azure/functions';
import { kafka } from '../shared';

app.generic('ScoreClick', {
    trigger: trigger.generic({ type: 'kafkaTrigger', topic: 'clicks', ...kafka }),
    handler: async (event: unknown, context: InvocationContext): Promise<void> => {},
});

app.generic('ResizeImage', {
    trigger: trigger.generic({ type: 'rabbitMQTrigger', queueName: 'images', connectionStringSetting: 'RabbitConnection' }),
    handler: async (message: unknown, context: InvocationContext): Promise<void> => {},
});

const redis = { connection: 'RedisConnection' };

app.generic('DrainJobs', {
    trigger: trigger.generic({ type: 'redisListTrigger', key: 'jobs', ...redis }),
    handler: async (entry: string, context: InvocationContext): Promise<void> => {},
});

app.generic('FollowEvents', {
    trigger: trigger.generic({ type: 'redisStreamTrigger', key: 'events', ...redis }),
    handler: async (entry: string, context: InvocationContext): Promise<void> => {},
});
