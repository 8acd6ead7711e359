export const STORAGE = 'AzureWebJobsStorage';

export enum Queues {
    Orders = 'orders',
    Invoices = 'invoices',
}

export const serviceBus = { connection: 'ServiceBusConnection' } as const;
