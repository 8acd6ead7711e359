module.exports = async function (context, order) {
    context.log(`Processing order ${order.id} (delivery ${context.bindingData.deliveryCount})`);
};
