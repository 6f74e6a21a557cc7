"""Signed machine (device) requests: parking sensors, DRT terminals, robots, drones, kiosks.

- models: ``Device``, ``DeviceKey`` (secret stored encrypted), ``DeviceNonce`` (replay memory)
- services: ``device_register``, ``device_key_issue``, ``device_key_rotate``, ``device_key_revoke``,
  ``device_disable``, ``device_heartbeat``, ``device_nonce_prune``
- authentication: ``DeviceAuthentication``, ``IsSignedDevice``, ``DeviceRateThrottle`` for DRF
- signing: the canonical string and HMAC (docs/devices.md is the contract for device makers)
"""
