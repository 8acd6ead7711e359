const kafka = {
    brokerList: '%KafkaBrokers%',
    consumerGroup: 'scorer',
    lagThreshold: 500,
};

export default kafka;
