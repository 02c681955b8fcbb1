"""What the deal form and the API receive for a deal."""


def form_post(data: dict, **extra) -> dict:
    """The deal as the page's form posts it."""
    post = {
        "registration": data["registration"].pk,
        "exhibitor": data["exhibitor"].pk if data["exhibitor"] else "",
        "exhibitor_name": data["exhibitor_name"],
        "exhibitor_country": data["exhibitor_country"],
        "zone": data["zone"].pk,
        "product": data["product"],
        "amount": str(data["amount"]),
        "currency": data["currency"],
        "signed_on": data["signed_on"].isoformat(),
        "ceremony": data["ceremony"],
    }
    if data["at_signing_ceremony"]:
        post["at_signing_ceremony"] = "on"
    post.update(extra)
    return post


def api_post(data: dict, **extra) -> dict:
    post = {
        "registration": data["registration"].pk,
        "exhibitor_name": data["exhibitor_name"],
        "exhibitor_country": data["exhibitor_country"],
        "zone": data["zone"].code,
        "product": data["product"],
        "amount": str(data["amount"]),
        "currency": data["currency"],
        "signed_on": data["signed_on"].isoformat(),
    }
    post.update(extra)
    return post
