// Names shared by several functions; module-level constants, so discovery can read them.
const STORAGE = 'AzureWebJobsStorage';
const SERVICE_BUS = 'ServiceBusConnection';

module.exports = {
    STORAGE,
    SERVICE_BUS,
    QUEUES: Object.freeze({ orders: '%OrdersQueue%', invoices: 'invoices', audit: 'audit' }),
};
