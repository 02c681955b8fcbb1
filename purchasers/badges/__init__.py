"""Badges (证件) for every attendee and the round trip with the official registration system.

Out: the reported registrations and their attendees as a workbook in the official batch
layout (``layouts``). Back: the official status export read through the one import core
(``status_import``). In between: each attendee's badge status with its dated history
(``services``), distribution per registering unit and completeness per lead agency
(``selectors``).
"""
