"""Ledgerline's dashboard: unpaid invoices, what has been paid against them, and who owes them."""
import requests


def _headers(token, tenant):
    return {"Authorization": f"Bearer {token}", "Xero-tenant-id": tenant, "Accept": "application/json"}


def unpaid_invoices(token, tenant):
    response = requests.get(
        "https://api.xero.com/api.xro/2.0/Invoices",
        headers=_headers(token, tenant),
        params={"Statuses": "AUTHORISED"},
    )
    response.raise_for_status()
    return response.json()["Invoices"]


def payments(token, tenant):
    response = requests.get("https://api.xero.com/api.xro/2.0/Payments", headers=_headers(token, tenant))
    response.raise_for_status()
    return response.json()["Payments"]


def debtor(token, tenant, contact_id):
    url = f"https://api.xero.com/api.xro/2.0/Contacts/{contact_id}"
    response = requests.get(url, headers=_headers(token, tenant))
    response.raise_for_status()
    return response.json()["Contacts"][0]
