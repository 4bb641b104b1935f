"""A labelled relevance set for context recall: what a technician saved about two clients'
projects, and what they later asked, with the memory each question should bring back.

Each target is (project, kind, title, text, queries). ``kind`` is "context" (a session
summary), "decision" or "snippet"; queries are phrased the way prompts are (other word
forms, extra words, a host name) rather than copied from the text. Distractors are
sessions on the same systems that do not answer the question, and the same topics in the
other client's project (which recall must never return).
"""

from __future__ import annotations

ACME = "acme-network"  # Acme Dental: network refresh and backups
BAKER = "baker-m365"  # Baker Law: Microsoft 365 migration

TARGETS: list[tuple[str, str, str, str, list[str]]] = [
    (
        ACME,
        "context",
        "Phoenix office VPN drops every hour",
        "The site-to-site IPsec tunnel to the Phoenix office went down at each rekey. Phase 2 "
        "lifetime was 28800 on the pfSense side and 3600 on the ISP router; set both to 3600 "
        "and the tunnel stayed up overnight.",
        [
            "vpn to phoenix keeps dropping",
            "ipsec tunnel goes down every hour",
            "phoenix site to site rekey problem",
        ],
    ),
    (
        ACME,
        "context",
        "Exchange certificate renewed on EXCH01",
        "Renewed the SAN certificate for mail.acmedental.com on EXCH01; imported it, assigned "
        "IIS and SMTP services, restarted IIS. Outlook certificate warnings gone.",
        [
            "exchange cert expired outlook warning",
            "how did we renew the mail certificate",
            "exch01 ssl",
        ],
    ),
    (
        ACME,
        "context",
        "Veeam backup copy to NAS failing with access denied",
        "Backup copy job to NAS01 failed with access denied since Tuesday: the veeam service "
        "account lost its rights on the share after the NAS firmware update. Re-added it to "
        "the share ACL; job green.",
        [
            "backup copy job failed access denied",
            "veeam cannot write to the nas",
            "nas01 share permissions backups",
        ],
    ),
    (
        ACME,
        "context",
        "Print spooler crash on PRINT01",
        "PRINT01 spooler crashed whenever the HP Universal driver auto-updated. Pinned driver "
        "version 7.0.1 by GPO and disabled driver updates; no crash in a week.",
        [
            "printers stopped working spooler crashed",
            "hp universal driver update",
            "print01 spooler keeps stopping",
        ],
    ),
    (
        ACME,
        "context",
        "Hyper-V cluster validation failed on heartbeat network",
        "Cluster validation failed: the heartbeat network on VLAN 20 was not trunked on the "
        "core switch port to HV02. Fixed the trunk; validation passes and live migration "
        "works.",
        [
            "hyperv cluster validation heartbeat",
            "live migration failing between hosts",
            "vlan 20 trunk hv02",
        ],
    ),
    (
        ACME,
        "context",
        "DHCP scope exhausted on guest Wi-Fi",
        "Guest Wi-Fi clients got no address: the 192.168.50.0/24 scope was full with 8-day "
        "leases. Cut the lease to 4 hours and widened the scope to a /23.",
        [
            "guests cannot get an ip address on wifi",
            "dhcp scope full guest network",
            "lease time guest wifi",
        ],
    ),
    (
        ACME,
        "context",
        "DC01 time drift broke Kerberos logons",
        "Users could not log on: DC01 was 7 minutes ahead because the PDC emulator synced to "
        "the Hyper-V host clock. Disabled time sync integration, pointed w32time at "
        "pool.ntp.org.",
        [
            "users cannot log in kerberos clock skew",
            "ntp time drift on the domain controller",
            "dc01 time wrong",
        ],
    ),
    (
        ACME,
        "context",
        "Firewall rule for the new x-ray imaging server",
        "Opened TCP 104 (DICOM) from the imaging VLAN to XRAY01 on the pfSense, only from the "
        "two modality IPs; logged the change in the firewall change log.",
        [
            "dicom port for the xray server",
            "which firewall rule lets the modalities reach xray01",
            "imaging server firewall",
        ],
    ),
    (
        ACME,
        "context",
        "UPS battery replacement in server room",
        "APC Smart-UPS in the server room failed its self-test; replaced the RBC55 battery "
        "pack, runtime back to 24 minutes at current load.",
        ["ups self test failed", "replace the server room ups battery", "apc runtime"],
    ),
    (
        ACME,
        "context",
        "RAID degraded on FS01",
        "FS01 PERC controller reported a degraded RAID 5: disk in bay 3 predicted failure. "
        "Hot-swapped it with the spare, rebuild took 9 hours, virtual disk optimal.",
        ["file server raid degraded", "fs01 disk failure rebuild", "perc controller warning"],
    ),
    (
        ACME,
        "context",
        "Restic offsite backup retention changed",
        "Offsite restic repository on B2 had grown to 4 TB. Set retention to keep 14 daily, 8 "
        "weekly, 12 monthly and ran prune; repository now 1.6 TB.",
        [
            "offsite backup too big retention",
            "restic prune b2",
            "how long do we keep offsite backups",
        ],
    ),
    (
        ACME,
        "decision",
        "Use pfSense instead of the ISP router for the Phoenix tunnel",
        "The tunnel terminates on our pfSense because the ISP router cannot do route-based "
        "IPsec; the ISP router stays in bridge mode.",
        ["why do we terminate the phoenix vpn on pfsense", "isp router bridge mode decision"],
    ),
    (
        ACME,
        "decision",
        "Keep backups 30 days on the NAS, a year offsite",
        "Local Veeam retention 30 restore points on NAS01; monthly copies offsite for 12 "
        "months, because the practice must keep a year of records restorable.",
        ["how many restore points do we keep locally", "backup retention policy decision"],
    ),
    (
        ACME,
        "snippet",
        "pfSense admin is only reachable from the management VLAN",
        "The pfSense web UI answers only on 10.10.99.1 from VLAN 99; use the jump host "
        "MGMT01 to reach it.",
        ["cannot open the firewall web interface", "how to reach pfsense admin page"],
    ),
    (
        ACME,
        "snippet",
        "Dentrix database server needs a reboot after patching",
        "DENT01 must be rebooted after SQL cumulative updates or the Dentrix clients hang on "
        "login; schedule patch night on Thursday after 8 pm.",
        ["dentrix clients hang after updates", "when can we patch the dentrix sql server"],
    ),
    (
        BAKER,
        "context",
        "Mailbox migration batch 3 stalled",
        "Migration batch 3 to Exchange Online stalled at 95% for 12 mailboxes with large "
        "items over 150 MB. Raised the large item limit and resumed; all completed.",
        [
            "mailbox migration stuck at 95",
            "large items exchange online migration",
            "batch 3 mailboxes not finishing",
        ],
    ),
    (
        BAKER,
        "context",
        "Conditional access policy locked out partners",
        "New conditional access policy requiring compliant devices blocked the partners' "
        "personal phones. Excluded the break-glass account and added app protection policy "
        "for mobile instead.",
        [
            "partners cannot sign in on their phones",
            "conditional access blocked mobile",
            "break glass account excluded",
        ],
    ),
    (
        BAKER,
        "context",
        "MFA registration campaign",
        "Turned on the MFA registration campaign for all users; 41 of 47 registered the "
        "Authenticator app within a week, chased the rest by phone.",
        [
            "how many users registered multifactor",
            "authenticator app rollout",
            "mfa registration status",
        ],
    ),
    (
        BAKER,
        "context",
        "SharePoint document library migration with ShareGate",
        "Moved the F: drive case folders to SharePoint with ShareGate; kept metadata and "
        "permissions, 312 GB in 3 nights. Mapped the library in OneDrive sync for the "
        "paralegals.",
        [
            "move file share to sharepoint",
            "sharegate case folders",
            "paralegals onedrive sync library",
        ],
    ),
    (
        BAKER,
        "context",
        "DNS cutover for MX and autodiscover",
        "Changed MX to baker-law.mail.protection.outlook.com and autodiscover CNAME at the "
        "registrar; TTL lowered to 300 the day before. Mail flowing to Exchange Online.",
        [
            "mx record change exchange online",
            "autodiscover dns cutover",
            "when did mail start flowing to office 365",
        ],
    ),
    (
        BAKER,
        "context",
        "Teams phone numbers ported",
        "Ported the 14 direct dial numbers to Teams Phone with the operator connect "
        "provider; reception auto attendant on the main number.",
        ["teams phone number porting", "auto attendant main number", "direct dial numbers teams"],
    ),
    (
        BAKER,
        "context",
        "Intune enrollment of laptops",
        "Enrolled 30 laptops in Intune with Autopilot; BitLocker keys escrowed to Entra ID; "
        "two older laptops without TPM 2.0 replaced.",
        ["autopilot laptop enrollment", "bitlocker recovery keys where", "laptops without tpm"],
    ),
    (
        BAKER,
        "decision",
        "Keep the on-premises Exchange server for relay only",
        "One Exchange 2019 server stays for SMTP relay from the scanners and the document "
        "management system; all mailboxes are in Exchange Online.",
        ["why do we still have an exchange server on premises", "scanner smtp relay"],
    ),
    (
        BAKER,
        "snippet",
        "Global admin accounts are cloud-only",
        "Admin accounts are cloud-only (admin-*@bakerlaw.onmicrosoft.com) with phishing-"
        "resistant MFA; never sync them from AD.",
        ["which accounts are global admins", "should admin accounts be synced"],
    ),
]

# Sessions on the same systems that do not answer the questions above.
DISTRACTORS: list[tuple[str, str, str]] = [
    (
        ACME,
        "Monthly patching",
        "Patched all servers, rebooted DC01, FS01, PRINT01 and EXCH01 in the window; no issues.",
    ),
    (ACME, "Checked backups", "Veeam jobs all green this week; NAS01 at 61% capacity."),
    (
        ACME,
        "New user onboarding",
        "Created account for the new hygienist, added to the "
        "Hygiene group, mailbox on EXCH01, printer mapped.",
    ),
    (
        ACME,
        "Firewall firmware update",
        "Updated pfSense to 2.7.2; rules and the Phoenix tunnel came back after the reboot.",
    ),
    (
        ACME,
        "Wi-Fi access point added",
        "Mounted a new access point in operatory 4 on the staff SSID; guest SSID unchanged.",
    ),
    (
        ACME,
        "Switch replaced in the front office",
        "Replaced the 8-port switch at the front desk; VLAN 10 untagged on all ports.",
    ),
    (
        ACME,
        "Password reset",
        "Reset the front desk password and unlocked the account after too many logon attempts.",
    ),
    (
        ACME,
        "Server room temperature alert",
        "Temperature alert in the server room; the AC "
        "unit had tripped. Reset it, temperature back to 21 C.",
    ),
    (
        ACME,
        "Hyper-V host firmware",
        "Updated BIOS and iDRAC on HV01 and HV02, live migrated VMs between hosts during the work.",
    ),
    (
        ACME,
        "Certificate inventory",
        "Listed certificates expiring this year: the RD gateway in June, the web site in October.",
    ),
    (
        ACME,
        "Printer toner alerts",
        "Configured toner alerts on the front desk HP printer to email the office manager.",
    ),
    (
        ACME,
        "Backup test restore",
        "Quarterly test restore of the Dentrix database from "
        "NAS01 to a sandbox VM: succeeded in 40 minutes.",
    ),
    (ACME, "Time off request system", "Installed the time-off app on the reception PC."),
    (ACME, "DNS forwarders", "Changed DC01 DNS forwarders to 1.1.1.1 and 9.9.9.9."),
    (BAKER, "Licence count", "Bought 3 more Business Premium licences for the new associates."),
    (
        BAKER,
        "Shared mailbox for reception",
        "Created the reception shared mailbox and gave the two receptionists full access.",
    ),
    (BAKER, "Teams meeting room", "Set up the Teams Rooms device in the boardroom."),
    (
        BAKER,
        "Exchange Online spam policy",
        "Tightened the anti-spam policy; quarantine notifications daily at 9.",
    ),
    (
        BAKER,
        "Laptop replacement",
        "Replaced the managing partner's laptop; data moved by OneDrive.",
    ),
    (BAKER, "Phishing simulation", "Ran an attack simulation campaign; 6 of 47 clicked."),
    # The other client's versions of Acme's topics: recall for Acme must never show them.
    (
        BAKER,
        "VPN for home workers",
        "Always On VPN profile deployed by Intune; the IPsec tunnel rekey lifetime is the default.",
    ),
    (
        BAKER,
        "Baker print server spooler",
        "Print spooler restarted on the Baker print server after the HP driver update.",
    ),
    (
        BAKER,
        "Backup of Microsoft 365",
        "Veeam Backup for Microsoft 365 protects all mailboxes and SharePoint; retention one year.",
    ),
    (
        ACME,
        "MFA for the practice",
        "Acme does not use Microsoft 365; MFA only on the VPN portal and the pfSense admin.",
    ),
    (
        ACME,
        "Exchange mailbox size",
        "Raised the mailbox quota for the office manager on EXCH01 to 10 GB.",
    ),
]
