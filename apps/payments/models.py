from payments.models import BasePayment


class Payment(BasePayment):
    pass
