from commerce.account.models import Address, User
from commerce.graphql.core.dataloaders import ByIdLoader, DataLoader, group_by


class AddressByIdLoader(ByIdLoader):
    model = Address


class AddressesByUserIdLoader(DataLoader):
    def batch_load(self, keys):
        links = User.addresses.through.objects.filter(user_id__in=keys).select_related("address").order_by("address_id")
        grouped = group_by(links, lambda link: link.user_id)
        return [[link.address for link in grouped.get(key, [])] for key in keys]
