"""The sandbox's Graph endpoints by topic: oauth and tokens, WhatsApp assets, messages,
subscriptions."""
