const { app, trigger } = require('@azure/functions');

app.eventHub('IngestTelemetry', {
    eventHubName: 'telemetry',
    connection: 'EventHubConnection',
    consumerGroup: '$Default',
    cardinality: 'many',
    handler: (events, context) => {
        context.log(`${events.length} events`);
    },
});

// @azure/functions has no Kafka helper: the trigger is declared with its extension's binding type.
app.generic('ScoreClick', {
    trigger: trigger.generic({
        type: 'kafkaTrigger',
        topic: 'clicks',
        brokerList: '%KafkaBrokers%',
        consumerGroup: 'scorer',
    }),
    handler: (click, context) => {
        context.log('click', click);
    },
});

app.timer('NightlyReport', {
    schedule: '0 0 2 * * *',
    handler: (timer, context) => {
        context.log('report, past due:', timer.isPastDue);
    },
});
