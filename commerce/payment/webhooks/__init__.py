"""Signed notifications from Stripe and from the bank: verified, recorded once per event id,
turned into transaction events."""
