"""Invitations: purchasers register themselves through a link from the unit that invites
them (多方邀请、统一登记、分级审核). Staff issue and revoke links; a firm opens one without an
account, confirms its contact's email with a one-time code and submits through the same
write path as the staff form; a private status link lets it answer a return."""
