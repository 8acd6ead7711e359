module.exports = async function (context, events) {
    context.log(`Ingested ${events.length} telemetry event(s)`);
};
