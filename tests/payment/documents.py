"""The GraphQL documents the payment tests send (validated against Saleor's schema in
test_documents.py)."""

TRANSACTION_FIELDS = """
fragment TransactionFields on TransactionItem {
  id token name pspReference actions
  chargedAmount { amount currency }
  chargePendingAmount { amount }
  refundedAmount { amount }
  refundPendingAmount { amount }
  canceledAmount { amount }
  authorizedAmount { amount }
  events { id type pspReference message amount { amount currency } createdAt }
}
"""

PAYMENT_GATEWAY_INITIALIZE = """
mutation PaymentGatewayInitialize($id: ID!, $gateways: [PaymentGatewayToInitialize!]) {
  paymentGatewayInitialize(id: $id, paymentGateways: $gateways) {
    gatewayConfigs { id data errors { field code message } }
    errors { field code message }
  }
}
"""

TRANSACTION_INITIALIZE = (
    TRANSACTION_FIELDS
    + """
mutation TransactionInitialize($id: ID!, $gateway: String!, $data: JSON, $amount: PositiveDecimal, $key: String, $action: TransactionFlowStrategyEnum) {
  transactionInitialize(id: $id, paymentGateway: {id: $gateway, data: $data}, amount: $amount, idempotencyKey: $key, action: $action) {
    transaction { ...TransactionFields }
    transactionEvent { type amount { amount } pspReference message }
    data
    errors { field code message }
  }
}
"""
)

TRANSACTION_PROCESS = (
    TRANSACTION_FIELDS
    + """
mutation TransactionProcess($id: ID!, $data: JSON) {
  transactionProcess(id: $id, data: $data) {
    transaction { ...TransactionFields }
    transactionEvent { type }
    data
    errors { field code message }
  }
}
"""
)

TRANSACTION_REQUEST_ACTION = (
    TRANSACTION_FIELDS
    + """
mutation TransactionRequestAction($id: ID!, $action: TransactionActionEnum!, $amount: PositiveDecimal) {
  transactionRequestAction(id: $id, actionType: $action, amount: $amount) {
    transaction { ...TransactionFields }
    errors { field code message }
  }
}
"""
)

TRANSACTION_QUERY = (
    TRANSACTION_FIELDS
    + """
query Transaction($id: ID, $token: UUID) {
  transaction(id: $id, token: $token) { ...TransactionFields }
}
"""
)

ALL = [PAYMENT_GATEWAY_INITIALIZE, TRANSACTION_INITIALIZE, TRANSACTION_PROCESS, TRANSACTION_REQUEST_ACTION, TRANSACTION_QUERY]
