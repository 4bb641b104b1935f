"""A held-out labelled set for recall quality (issue 13): three clients of an MSP, two
projects each, about 230 memories full of near-distractors, and about 115 questions whose
one right answer is known.

Pure data; nothing here imports Django (``eval_runner.load_eval_set`` writes it to the
database). Written as a technician would phrase things, without looking at the ranking or
any synonym list of the server.

Structures:

- ``CLIENTS``: ``{client key: client name}``.
- ``PROJECTS``: ``{project slug: (client key, project name)}``.
- ``MEMORIES``: list of :class:`Memory` -- ``key`` (unique), ``project`` (slug, or None for a
  client-wide snippet), ``client`` (client key), ``kind`` ("context" = a session summary,
  "snippet", "decision"), ``title``, ``text``, ``tags``, ``importance`` (1-10) and
  ``days_ago`` (when the work happened, before ``eval_runner.REFERENCE_NOW``).
- ``PROJECT_STATES``: ``{project slug: ProjectStateData}`` (phase, progress, summary, next
  actions); answers none of the questions.
- ``QUESTIONS``: list of :class:`Question` -- ``kind`` ("lexical": shares a distinctive word
  with the answer; "paraphrase": shares no content word with it, see
  :func:`paraphrase_violations`; "superseded": a later memory changed a fact of an earlier
  one, the answer is the newer; "prompt": a long, messy prompt as typed into Claude Code),
  ``project`` (slug asked from), ``text``, ``expected`` (memory key).
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

QUESTION_KINDS = ("lexical", "paraphrase", "superseded", "prompt")


@dataclass(frozen=True)
class Memory:
    key: str
    project: str | None
    client: str
    kind: str
    title: str
    text: str
    tags: tuple[str, ...] = ()
    importance: int = 5
    days_ago: float = 30


@dataclass(frozen=True)
class ProjectStateData:
    phase: str
    progress: int
    summary: str
    next_actions: list[str] = field(default_factory=list)


@dataclass(frozen=True)
class Question:
    kind: str
    project: str
    text: str
    expected: str


CLIENTS = {
    "brightsmile": "Brightsmile Dental Group",
    "harlow": "Harlow & Pike LLP",
    "kestrel": "Kestrel Precision Manufacturing",
}

PROJECTS = {
    "brightsmile-network": ("brightsmile", "Brightsmile clinic network and security"),
    "brightsmile-workplace": ("brightsmile", "Brightsmile Microsoft 365 and workstations"),
    "harlow-infra": ("harlow", "Harlow & Pike servers, storage and backups"),
    "harlow-identity": ("harlow", "Harlow & Pike email, identity and devices"),
    "kestrel-plant": ("kestrel", "Kestrel plant floor network and OT"),
    "kestrel-erp": ("kestrel", "Kestrel ERP, file services and backups"),
}

MEMORIES: list[Memory] = []
QUESTIONS: list[Question] = []


def _add(project: str, rows: list[tuple]) -> None:
    """Rows: (key, kind, days_ago, importance, title, text, tags). A project of None makes
    a client-wide snippet of the project's client."""
    client = PROJECTS[project][0]
    for key, kind, days, imp, title, text, tags in rows:
        scope = None if kind == "client-snippet" else project
        MEMORIES.append(
            Memory(
                key=key,
                project=scope,
                client=client,
                kind="snippet" if kind == "client-snippet" else kind,
                title=title,
                text=text,
                tags=tuple(tags.split()) if tags else (),
                importance=imp,
                days_ago=days,
            )
        )


def _ask(project: str, rows: list[tuple[str, str, str]]) -> None:
    for kind, text, expected in rows:
        QUESTIONS.append(Question(kind=kind, project=project, text=text, expected=expected))


# The data is laid out by hand, one memory per block.
# fmt: off
# --------------------------------------------------------------------------------------
# Brightsmile Dental Group: clinic network and security
# --------------------------------------------------------------------------------------
BN = "brightsmile-network"
_add(BN, [
    ("bn-sophos-4444", "context", 32, 5,
     "Sophos web console not loading on 4444 from the LAN",
     "FW01 (Sophos XG) web admin on port 4444 timed out from the LAN after the SFOS update. "
     "HTTPS had been unticked under Administration > Device access for the LAN zone; "
     "ticked it again and the console loads.",
     "sophos fw01"),
    ("bn-fw01-ipsec-lakeside", "context", 75, 6,
     "IPsec tunnel to Lakeside clinic drops at every rekey",
     "Site-to-site tunnel FW01 to the Lakeside FortiGate 40F went down hourly. Phase 2 "
     "lifetime was 43200 on the Sophos and 3600 on the FortiGate; set both to 3600, "
     "tunnel stable for a week.",
     "vpn ipsec lakeside"),
    ("bn-fw01-firmware-old", "context", 210, 7,
     "FW01 upgraded to SFOS 19.5 MR3",
     "Upgraded the Sophos XG FW01 at the main clinic to SFOS 19.5 MR3 during the Sunday "
     "window. Took a config backup first, rebooted once, all IPsec tunnels and the SSL VPN "
     "came back. Next upgrade planned when 20.0 is stable.",
     "sophos firmware fw01"),
    ("bn-fw01-firmware-new", "context", 18, 5,
     "FW01 upgraded to SFOS 20.0 MR2",
     "FW01 Sophos XG now on SFOS 20.0 MR2, upgraded from 19.5 MR3. Config backup taken, "
     "tunnels came back.",
     "sophos firmware"),
    ("bn-fw01-webfilter", "context", 120, 4,
     "Web filter blocked the Dentrix update server",
     "Sophos web policy on FW01 put the Dentrix Ascend update host in the Uncategorized "
     "category and blocked it. Added a URL group exception for *.dentrix.com.",
     "sophos webfilter dentrix"),
    ("bn-fw01-sslvpn", "context", 160, 6,
     "Sophos Connect SSL VPN for dentists working from home",
     "Set up the Sophos Connect client for the dentists group VPN-Dentists on FW01, with "
     "OTP from Sophos Authenticator required. Provisioning file pushed through Intune.",
     "vpn sophos remote"),
    ("bn-fw01-geoip", "decision", 140, 6,
     "Block inbound traffic from outside EU and North America on FW01",
     "Inbound firewall rules on FW01 only accept source countries in the EU, US and Canada. "
     "Drops most of the brute force noise on the VPN portal.",
     "firewall geoip"),
    ("bn-fw01-ha-decision", "decision", 95, 5,
     "No HA pair for FW01, cold spare instead",
     "Decided against a second XGS for active-passive HA: too expensive for the clinic "
     "size. Keeping a cold spare XGS 87 with an exported config on the NAS.",
     "firewall sophos"),
    ("bn-voice-vlan", "context", 230, 5,
     "Voice VLAN 30 for the 3CX desk phones on UniFi switches",
     "Created VLAN 30 for the Yealink phones; UniFi USW-24-PoE ports set to native data VLAN "
     "10 with VLAN 30 tagged, LLDP-MED hands the phones the voice VLAN.",
     "vlan voip unifi"),
    ("bn-dhcp-exhausted", "context", 64, 6,
     "DHCP scope exhausted at the main clinic",
     "Scope 192.168.10.0/24 on DC01 was full, guest devices held 8-day leases. Lease time "
     "reduced to 1 day and the waiting-room devices moved to the guest VLAN 50.",
     "dhcp dc01"),
    ("bn-dhcp-xray", "snippet", 300, 5,
     "DHCP reservation for the X-ray sensor PC",
     "XRAY-PC01 must keep 192.168.10.60: the Sirona sensor bridge is licensed to that IP. "
     "Reservation is on DC01, do not delete it.",
     "dhcp xray"),
    ("bn-dns-forwarders-old", "context", 150, 6,
     "DNS forwarders on DC01 set to Cloudflare",
     "Replaced the ISP resolvers on DC01 and DC02 with Cloudflare 1.1.1.1 and 1.0.0.1 as DNS "
     "forwarders; root hints left as fallback. Lookups faster at all three clinics.",
     "dns dc01"),
    ("bn-dns-forwarders-new", "context", 9, 4,
     "DNS forwarders on DC01 switched to Quad9",
     "DC01 and DC02 DNS forwarders are now Quad9 9.9.9.9 and 149.112.112.112 for malware "
     "blocking, Cloudflare removed.",
     "dns"),
    ("bn-dns-scavenging", "context", 55, 4,
     "Stale DNS records: scavenging enabled on DC01",
     "Old A records of retired workstations confused remote support. Enabled aging and "
     "scavenging on the brightsmile.local zone, 7 day no-refresh and refresh intervals.",
     "dns dc01"),
    ("bn-printer-lakeside", "context", 40, 5,
     "Lakeside reception printer offline after it got a new IP",
     "HP LaserJet M479 at Lakeside reception took a new DHCP lease, the TCP/IP port on "
     "PRINT01 still pointed at the old address. Made a reservation for 192.168.20.45 and "
     "updated the port.",
     "printer lakeside"),
    ("bn-printer-gpo", "context", 180, 4,
     "Treatment room printers deployed by GPO",
     "Group Policy Preferences on the Clinics OU map the label printer and the HP M479 by "
     "item-level targeting on the room's computer group.",
     "printer gpo"),
    ("bn-printer-spooler", "context", 88, 5,
     "Spooler crash on PRINT01 from the Canon driver",
     "Print Spooler on PRINT01 crashed several times a day; event 7031. The Canon UFR II "
     "driver 3.x was the culprit, replaced with the Generic PCL6 V4 driver.",
     "printer print01"),
    ("bn-3cx-old", "context", 280, 7,
     "3CX upgraded to v18 Update 9 on the on-prem VM",
     "3CX phone system on PBX01 (Hyper-V VM on HV01) upgraded to v18 Update 9. Took a 3CX "
     "backup first, re-provisioned the Yealink phones, all extensions registered. Trunk to "
     "the SIP provider unchanged.",
     "3cx voip"),
    ("bn-3cx-new", "context", 21, 5,
     "3CX moved to V20 Update 3, hosted by 3CX",
     "3CX phone system migrated from PBX01 to a 3CX-hosted instance on V20 Update 3. PBX01 "
     "VM shut down, phones re-provisioned.",
     "3cx voip"),
    ("bn-3cx-trunk", "context", 110, 5,
     "3CX SIP trunk registration failing after ISP change",
     "After the fibre switch-over the SIP trunk would not register. The new ISP router had "
     "SIP ALG on; disabled it and the trunk registered, inbound calls fine.",
     "3cx sip"),
    ("bn-unifi-controller-old", "context", 260, 6,
     "UniFi Network controller runs on a Cloud Key Gen2 Plus",
     "All clinic switches and access points are adopted by the UniFi Network application on "
     "the Cloud Key Gen2 Plus in the main clinic rack, reached by unifi.brightsmile.local.",
     "unifi"),
    ("bn-unifi-controller-new", "context", 12, 4,
     "UniFi controller moved to the UCG-Ultra gateway",
     "Migrated the UniFi Network application from the Cloud Key to the new UCG-Ultra; "
     "devices re-adopted, Cloud Key decommissioned.",
     "unifi"),
    ("bn-guest-wifi", "context", 66, 4,
     "Guest Wi-Fi with vouchers in the waiting rooms",
     "UniFi hotspot portal on SSID Brightsmile-Guest, VLAN 50, client isolation on, "
     "vouchers printed at reception, 2 Mbit per device.",
     "wifi guest unifi"),
    ("bn-wifi-roaming", "context", 47, 5,
     "Wi-Fi drops in surgery rooms when moving between APs",
     "Intraoral scanner tablets lost connection when carried between surgeries. Disabled "
     "802.11r fast roaming on the clinical SSID and set minimum RSSI -75 on the U6-Lite APs.",
     "wifi unifi"),
    ("bn-ups-battery", "context", 100, 4,
     "APC UPS in the server closet asks for a battery replacement",
     "SMT1500 reported a failed self-test, replace battery alert. Ordered APCRBC7 cartridge, "
     "swapped it, runtime back to 25 minutes.",
     "ups"),
    ("bn-ntp", "context", 130, 4,
     "Clock drift on X-ray PCs",
     "Imaging PCs drifted 3 minutes, breaking Kerberos logons. DC01 PDC emulator now syncs "
     "from pool.ntp.org and the PCs use domain hierarchy time sync again.",
     "ntp time"),
    ("bn-vlan-imaging", "decision", 200, 5,
     "Imaging devices live on their own VLAN 40",
     "Cone beam CT, sensors and imaging PCs moved to VLAN 40, only DICOM and SMB to the "
     "imaging server allowed from the clinical VLAN.",
     "vlan imaging"),
    ("bn-fw-rule-dicom", "context", 25, 5,
     "FW01 rule for DICOM to the radiology partner",
     "Added a WAN rule on FW01 allowing TCP 104 from the radiology partner's range to the "
     "imaging server only, with IPS policy applied.",
     "firewall dicom"),
    ("bn-wan-failover", "context", 70, 6,
     "Second WAN on FW01 for failover",
     "Added a 4G LTE router as WAN2 on FW01 with gateway failover; tested by unplugging the "
     "fibre, the VPN and 3CX came back in 40 seconds.",
     "wan failover"),
    ("bn-switch-loop", "context", 15, 6,
     "Broadcast storm at Lakeside caused by a looped patch cable",
     "Whole Lakeside network went down; someone patched two wall ports together under the "
     "reception desk. Enabled loop protection and STP on the USW-16 ports.",
     "unifi lakeside"),
    ("bn-fw-admin-snippet", "client-snippet", 250, 6,
     "Firewall admin access for Brightsmile",
     "FW01 admin at https://10.10.0.1:4444 from the management VLAN only, the account is in "
     "the vault under Brightsmile/FW01. Lakeside FortiGate admin is on port 8443.",
     "firewall access"),
    ("bn-isp-contacts", "client-snippet", 320, 4,
     "ISP circuits and support numbers",
     "Main clinic fibre 500/500 from Zentro, circuit id in the vault notes; Lakeside on "
     "cable 300/50. The LTE backup SIM is on the practice manager's account.",
     "isp"),
    ("bn-vpn-lakeside-ip", "snippet", 90, 5,
     "Lakeside FortiGate WAN address",
     "Lakeside FortiGate 40F WAN is 203.0.113.40, LAN 192.168.20.1/24. Tunnel peer id "
     "lakeside-fg.",
     "lakeside fortigate"),
])
_ask(BN, [
    ("lexical", "port 4444 console timing out on the sophos", "bn-sophos-4444"),
    ("lexical", "phase 2 lifetime mismatch lakeside tunnel", "bn-fw01-ipsec-lakeside"),
    ("lexical", "event 7031 spooler keeps dying", "bn-printer-spooler"),
    ("lexical", "SIP ALG trunk not registering", "bn-3cx-trunk"),
    ("lexical", "XRAY-PC01 reservation", "bn-dhcp-xray"),
    ("paraphrase", "why couldn't we open the gateway's management page from inside the "
     "building?", "bn-sophos-4444"),
    ("paraphrase", "patients' phones weren't handed an address because the pool ran out",
     "bn-dhcp-exhausted"),
    ("paraphrase", "hygienists' handhelds disconnect walking from one operatory to the "
     "next", "bn-wifi-roaming"),
    ("paraphrase", "someone plugged a cord into a pair of jacks and killed everything at "
     "the satellite office", "bn-switch-loop"),
    ("paraphrase", "the emergency power box keeps beeping, needs new cells", "bn-ups-battery"),
    ("paraphrase", "what happens if the main internet line dies - do we have a spare link?",
     "bn-wan-failover"),
    ("superseded", "which SFOS version is FW01 running now?", "bn-fw01-firmware-new"),
    ("superseded", "what are the DNS forwarders on DC01 currently?", "bn-dns-forwarders-new"),
    ("superseded", "what 3CX version are the clinics on?", "bn-3cx-new"),
    ("superseded", "where does the UniFi controller run?", "bn-unifi-controller-new"),
    ("prompt", "ok so I'm in the brightsmile repo working on the firewall docs, "
     "docs/network/fw01.md. a dentist says\nthe VPN from home stopped working yesterday, "
     "they get 'authentication failed' in the Sophos Connect client.\n"
     "(the FW01 firmware upgrade ticket is open in another tab, ignore that one)\n"
     "before I dig in can you remind me how the remote access for the dentists was set up, "
     "which group\nand whether there was an OTP or something? thanks", "bn-fw01-sslvpn"),
    ("prompt", "Lakeside front desk just called, their HP is offline again.\n"
     "side note, the UniFi switch at lakeside was swapped last month too.\n"
     "  > Printer status: Offline (port 192.168.20.45)\n"
     "I think we fixed this exact thing before?? can you help me figure out what we did, "
     "I'm editing\nscripts/print/ports.ps1 and don't want to break anything else on PRINT01",
     "bn-printer-lakeside"),
    ("prompt", "working on the radiology integration today. the partner says their PACS "
     "can't push studies to us:\n   C-STORE failed: connection refused 104\n"
     "did we ever open anything on FW01 for them? I need to know which rule and what it "
     "allows before\nI change the NAT. also lunch soon so quick answer is fine",
     "bn-fw-rule-dicom"),
    ("prompt", "hey, the Dentrix Ascend updates are failing at the main clinic again:\n"
     "the 3CX phones there rebooted this morning as well but that's a separate ticket\n"
     "  Update check failed: could not reach update server (blocked)\n"
     "I'm looking at the Sophos web policies in the console right now. was there an "
     "exception we\nmade for this before? which category was it stuck in?",
     "bn-fw01-webfilter"),
])

# --------------------------------------------------------------------------------------
# Brightsmile Dental Group: Microsoft 365 and workstations
# --------------------------------------------------------------------------------------
BW = "brightsmile-workplace"
_add(BW, [
    ("bw-laps-cmdlet", "context", 28, 6,
     "Reading Windows LAPS passwords with Get-LapsAADPassword",
     "Windows LAPS is backing up the local admin of all Intune laptops to Entra ID. To read "
     "one: Connect-MgGraph with Device.Read.All, then Get-LapsAADPassword -DeviceIds "
     "<name> -IncludePasswords -AsPlainText.",
     "laps intune"),
    ("bw-laps-policy-old", "context", 190, 7,
     "Windows LAPS policy: 14 character passwords rotated every 30 days",
     "Intune account protection policy for Windows LAPS: backup to Entra ID, password "
     "length 14, complexity large+small+numbers+specials, age 30 days, account name "
     "bsadmin. Legacy Microsoft LAPS CSE removed.",
     "laps intune policy"),
    ("bw-laps-policy-new", "context", 6, 5,
     "Windows LAPS policy changed to 20 characters, rotated every 7 days",
     "Cyber insurer asked for more: Windows LAPS Intune policy now length 20 and age 7 days, "
     "post-authentication reset after 8 hours. Account name bsadmin unchanged.",
     "laps intune policy"),
    ("bw-defender-exclusion", "context", 58, 6,
     "Defender exclusion for the Dentrix database folder",
     "Defender for Endpoint real-time scanning slowed Dentrix to a crawl on SRV-DENT01. "
     "Added a folder exclusion for D:\\Dentrix\\Data and the dtxsvc.exe process through "
     "the Intune antivirus policy.",
     "defender dentrix"),
    ("bw-defender-onboard", "context", 170, 5,
     "Onboarded workstations to Defender for Endpoint",
     "All 42 clinic PCs onboarded to Microsoft Defender for Endpoint Plan 2 via Intune "
     "connector; SentinelOne uninstalled with the passphrase from the console.",
     "defender"),
    ("bw-s1-removal", "decision", 175, 6,
     "Replace SentinelOne with Defender for Endpoint",
     "Decided to drop SentinelOne at renewal: Business Premium already includes Defender for "
     "Endpoint Plan 1, one console less, and the insurer accepts it.",
     "defender sentinelone"),
    ("bw-ca-mfa", "context", 140, 7,
     "Conditional access: MFA for everyone outside the clinics",
     "CA policy 'Require MFA outside trusted locations' for all users, excluding the "
     "break-glass account; trusted locations are the three clinic public IPs.",
     "mfa conditionalaccess entra"),
    ("bw-ca-legacy", "context", 138, 5,
     "Blocked legacy authentication in conditional access",
     "CA policy blocking other clients (IMAP, POP, SMTP AUTH basic) for all users; the "
     "Canon scanner was the only thing still using SMTP basic, moved it to the relay.",
     "conditionalaccess entra"),
    ("bw-scan-to-email", "context", 135, 5,
     "Scan to email through the Exchange Online SMTP relay",
     "Copier at the main clinic sends through an Exchange Online inbound connector "
     "restricted to the clinic's public IP, to brightsmile-dental.mail.protection.outlook.com "
     "on port 25.",
     "exchange scanner"),
    ("bw-shared-mailbox", "context", 80, 4,
     "Shared mailbox for appointments",
     "Created appointments@ as a shared mailbox in Exchange Online, reception staff got "
     "Full Access and Send As; no license needed under 50 GB.",
     "exchange mailbox"),
    ("bw-mailbox-full", "context", 33, 5,
     "Dr Patel's mailbox full at 50 GB",
     "Exchange Online mailbox of Dr Patel hit the 50 GB quota and stopped receiving. Enabled "
     "the archive mailbox (Exchange Online Archiving add-on) and a 2 year retention tag "
     "moving old items.",
     "exchange mailbox"),
    ("bw-licensing-old", "context", 220, 6,
     "M365 licensing: Business Standard for all staff",
     "All 55 users are on Microsoft 365 Business Standard, purchased via the CSP on annual "
     "commitment; renewal in June.",
     "m365 licensing"),
    ("bw-licensing-new", "context", 30, 5,
     "M365 licensing moved to Business Premium",
     "Switched all 55 users from Business Standard to Microsoft 365 Business Premium for "
     "Intune and Defender; CSP annual, Standard licences released.",
     "m365 licensing"),
    ("bw-intune-enroll", "context", 125, 5,
     "Autopilot enrollment for new clinic laptops",
     "Hardware hashes of the Dell Latitude 5440 batch uploaded to Autopilot, group tag "
     "CLINIC, profile assigns the user-driven Entra join and the clinic apps.",
     "intune autopilot"),
    ("bw-intune-compliance", "context", 62, 5,
     "Intune compliance policy: BitLocker and OS version",
     "Compliance requires BitLocker, Secure Boot and Windows 11 23H2 or later; non-compliant "
     "devices blocked from M365 by CA after 3 days grace.",
     "intune compliance"),
    ("bw-bitlocker-recovery", "context", 19, 6,
     "BitLocker recovery key prompt after BIOS update",
     "Four Latitudes asked for the BitLocker recovery key after the Dell BIOS update through "
     "Dell Command Update. Keys read from Entra ID; now suspending BitLocker for one reboot "
     "before BIOS updates.",
     "bitlocker dell"),
    ("bw-teams-phones", "decision", 240, 4,
     "Stay on 3CX, no Teams Phone",
     "Looked at Teams Phone with Operator Connect; staying with 3CX because of the "
     "reception call queues and the cost per user.",
     "teams 3cx"),
    ("bw-onedrive-kfm", "context", 105, 5,
     "OneDrive Known Folder Move for Desktop and Documents",
     "Intune settings catalog silently moves Desktop, Documents and Pictures to OneDrive "
     "for all clinic users; excluded the imaging PCs group.",
     "onedrive intune"),
    ("bw-sharepoint-perm", "context", 44, 4,
     "SharePoint HR site permissions",
     "HR site restricted to the practice managers group; removed the 'Everyone except "
     "external users' claim that a migration had added.",
     "sharepoint permissions"),
    ("bw-win11-upgrade", "context", 85, 5,
     "Windows 11 feature update ring for clinic PCs",
     "Feature update policy in Intune: pilot ring (IT + 3 front desks) first, then all "
     "clinics a week later. Imaging PCs excluded until Sirona certifies 24H2.",
     "windows intune"),
    ("bw-dentrix-client", "context", 150, 5,
     "Dentrix client install needs the server share mapped",
     "Dentrix Enterprise client installer fails with error 1603 unless \\\\SRV-DENT01\\"
     "Dentrix is mapped as a drive first; done by the install script in Intune.",
     "dentrix"),
    ("bw-quickbooks", "context", 200, 4,
     "QuickBooks Desktop multi-user for the billing office",
     "QuickBooks Database Server Manager on SRV-DENT01 hosts the company file; the billing "
     "PCs open it in multi-user mode over \\\\SRV-DENT01\\QB.",
     "quickbooks"),
    ("bw-phishing-training", "decision", 90, 4,
     "Quarterly phishing simulations with Defender attack simulation",
     "Chose Attack simulation training from Defender for Office 365 Plan 2 rather than "
     "a third-party platform: already licensed with the Premium upgrade.",
     "security training"),
    ("bw-mail-domain", "client-snippet", 330, 5,
     "Mail domain and DNS records",
     "Brightsmile mail domain brightsmile-dental.com, DNS at Cloudflare. SPF includes "
     "spf.protection.outlook.com only; DKIM enabled on both selectors; DMARC p=quarantine.",
     "dns email"),
    ("bw-breakglass", "client-snippet", 260, 8,
     "Break-glass accounts in Entra ID",
     "Two emergency access accounts excluded from every CA policy, FIDO2 keys in the safe "
     "at the main clinic. Sign-ins alert the MSP mailbox.",
     "entra emergency"),
    ("bw-teams-meeting", "context", 10, 3,
     "Teams meeting room display in the staff room",
     "Configured the staff room TV with a Teams Rooms on Android device, resource account "
     "staffroom@ with a Teams Rooms Basic licence.",
     "teams"),
    ("bw-outlook-profile", "context", 52, 4,
     "Outlook keeps asking for the password at Lakeside",
     "New Outlook prompted for credentials repeatedly on two Lakeside PCs; stale tokens in "
     "Credential Manager and the AAD broker plugin. Cleared them, signed in again.",
     "outlook"),
])
_ask(BW, [
    ("lexical", "Get-LapsAADPassword syntax", "bw-laps-cmdlet"),
    ("lexical", "dtxsvc.exe exclusion", "bw-defender-exclusion"),
    ("lexical", "error 1603 installing the dentrix client", "bw-dentrix-client"),
    ("lexical", "Dr Patel quota archive", "bw-mailbox-full"),
    ("lexical", "Autopilot group tag for the Latitude 5440", "bw-intune-enroll"),
    ("paraphrase", "the multifunction printer can't deliver digitised documents to people's "
     "inboxes, how was that wired up?", "bw-scan-to-email"),
    ("paraphrase", "laptops wanted that long drive-encryption unlock number following a "
     "firmware flash", "bw-bitlocker-recovery"),
    ("paraphrase", "which staff need a second sign-in factor when away from the practice?",
     "bw-ca-mfa"),
    ("paraphrase", "who can open the human resources intranet area", "bw-sharepoint-perm"),
    ("paraphrase", "why did we ditch S1 as AV", "bw-s1-removal"),
    ("paraphrase", "where does the bookkeeping package keep its books so several people can "
     "work in them at once?",
     "bw-quickbooks"),
    ("superseded", "what is the current Windows LAPS password length and rotation?",
     "bw-laps-policy-new"),
    ("superseded", "which M365 licence are the Brightsmile users on?", "bw-licensing-new"),
    ("prompt", "I'm writing the onboarding checklist in docs/onboarding/new-laptop.md for "
     "the clinics.\nwhen a new laptop arrives, how does it get enrolled?\n"
     "like do we upload the hash somewhere, what group tag, which profile? I keep "
     "forgetting the steps\nalso the dell ones specifically", "bw-intune-enroll"),
    ("prompt", "Outlook on two of the lakeside front desk PCs keeps popping up the sign "
     "in window every few minutes\n  'Need password - Outlook needs your password'\n"
     "(the mailbox isn't full, I checked the quota and the licence)\n"
     "user says it started this week. did we see this before? I'm remoted in now via "
     "the RMM, what did we clear last time", "bw-outlook-profile"),
    ("prompt", "the insurer's questionnaire asks about our endpoint protection and I'm "
     "filling it in (questionnaire.xlsx, tab 'EDR').\nwhich product are the clinic PCs "
     "onboarded to and which plan? and how was it deployed.\nthere are also questions about "
     "BitLocker and LAPS but I've answered those.\njust need the facts for the form, "
     "nothing fancy", "bw-defender-onboard"),
    ("prompt", "Dentrix is super slow on the server again, users complain that opening a "
     "patient chart takes 20s.\nI see MsMpEng.exe at 40% CPU in task manager on "
     "SRV-DENT01.\nwe had something about scanning and the data folder right? what "
     "exactly did we exclude and through which policy", "bw-defender-exclusion"),
])

# --------------------------------------------------------------------------------------
# Harlow & Pike LLP: servers, storage and backups
# --------------------------------------------------------------------------------------
HI = "harlow-infra"
_add(HI, [
    ("hi-veeam-target-old", "context", 240, 8,
     "Veeam backup jobs write to NAS02 over SMB",
     "All Veeam Backup & Replication jobs on VBR01 target the Synology NAS02 share "
     "\\\\NAS02\\veeam as an SMB repository, 30 restore points, weekly synthetic full. "
     "Copy job to the USB disk rotated by the office manager on Fridays.",
     "veeam backup nas02"),
    ("hi-veeam-target-new", "context", 35, 5,
     "Veeam backup target moved to the hardened Linux repository",
     "Primary Veeam jobs now write to REPO01, an immutable hardened Linux repository (XFS, "
     "14 days immutability); NAS02 kept only as a copy target.",
     "veeam backup"),
    ("hi-veeam-version-old", "context", 300, 6,
     "VBR01 upgraded to Veeam 12.1",
     "Veeam Backup & Replication on VBR01 upgraded to 12.1.2.172; agents on the file "
     "servers updated through the console.",
     "veeam upgrade"),
    ("hi-veeam-version-new", "context", 80, 5,
     "VBR01 upgraded to Veeam 12.3",
     "Veeam Backup & Replication on VBR01 now on 12.3.0.310, upgraded from 12.1; license "
     "file re-applied, agents updated.",
     "veeam upgrade"),
    ("hi-veeam-accessdenied", "context", 150, 6,
     "Veeam copy job to NAS02 failing with access denied",
     "Backup copy job failed with 'Access is denied' since the DSM 7.2 update: the "
     "svc-veeam account had lost write permission on the veeam share. Re-added it to the "
     "share ACL on NAS02, job green.",
     "veeam nas02"),
    ("hi-veeam-sql-logs", "context", 120, 5,
     "SQL transaction log backups for the DMS database",
     "Enabled application-aware processing with log backups every 15 minutes for the "
     "iManage SQL server SQL01 in the Veeam job; logs were growing to 80 GB before.",
     "veeam sql"),
    ("hi-veeam-surebackup", "context", 60, 4,
     "SureBackup verification job for DC01 and SQL01",
     "Created a SureBackup job in Veeam that boots DC01 and SQL01 in an isolated virtual "
     "lab every Sunday and runs heartbeat and ping tests.",
     "veeam"),
    ("hi-veeam-restore-file", "context", 14, 5,
     "Restored a deleted matter folder from Veeam",
     "Partner deleted the Henderson matter folder on FS01; restored it with Veeam "
     "file-level restore from last night's point to the original location, permissions kept.",
     "veeam restore fs01"),
    ("hi-veeam-cloud", "decision", 100, 6,
     "Offsite copies to Wasabi with object lock",
     "Decided the offsite Veeam copy goes to a Wasabi bucket with object lock (30 days) "
     "instead of a second office NAS: no hardware to manage and immutable.",
     "veeam offsite"),
    ("hi-hyperv-cluster", "context", 200, 6,
     "Hyper-V cluster HV01/HV02 live migration failing",
     "Live migration between HV01 and HV02 failed with event 21502: the processor "
     "compatibility setting was off on the new VM. Enabled it on the VM, migration works.",
     "hyperv cluster"),
    ("hi-hyperv-csv", "context", 90, 5,
     "Cluster shared volume in redirected access",
     "CSV1 went into redirected mode after an iSCSI path to the SAN dropped. MPIO was set "
     "to fail over only; changed to round robin and added the second path.",
     "hyperv csv iscsi"),
    ("hi-fs01-ip-old", "context", 260, 7,
     "FS01 file server on 10.20.0.15",
     "File server FS01 has the static IP 10.20.0.15 in the server VLAN 20; DFS namespace "
     "\\\\harlowpike.local\\files points to it. Drive mappings by GPO.",
     "fs01 fileserver"),
    ("hi-fs01-ip-new", "context", 3, 4,
     "FS01 re-addressed to 10.20.0.25",
     "FS01 moved to 10.20.0.25 during the server VLAN clean-up; DNS A record and DFS "
     "namespace updated.",
     "fs01"),
    ("hi-fs01-quota", "context", 110, 4,
     "FSRM quotas on the users' home folders",
     "FS01 home folders got FSRM soft quotas of 20 GB with an email at 90%; the scanning "
     "department's folder has 100 GB.",
     "fs01 quota"),
    ("hi-fs01-dedup", "context", 45, 4,
     "Data deduplication enabled on the FS01 data volume",
     "Enabled Windows data deduplication on E: of FS01 (general purpose file server), "
     "saved 38% after the first optimisation job.",
     "fs01 storage"),
    ("hi-nas02-dsm", "context", 155, 5,
     "NAS02 updated to DSM 7.2",
     "Synology NAS02 (RS1221+) updated to DSM 7.2.1, Hyper Backup and SMB service restarted; "
     "SMB minimum version set to SMB2.",
     "synology nas02"),
    ("hi-nas02-disk", "context", 22, 6,
     "NAS02 disk 3 failing, swapped",
     "Storage Manager on NAS02 flagged disk 3 with bad sectors; hot swapped with a new "
     "HAT5300 and let the SHR-2 pool repair overnight.",
     "synology nas02 disk"),
    ("hi-cert-rds-old", "context", 330, 6,
     "RD Gateway certificate from Sectigo",
     "Installed the Sectigo certificate for remote.harlowpike.com on RDGW01 for the RD "
     "Gateway and the web access; expires next September.",
     "certificate rds"),
    ("hi-cert-rds-new", "context", 40, 5,
     "RD Gateway certificate now from Let's Encrypt via win-acme",
     "RDGW01 certificate for remote.harlowpike.com now issued by Let's Encrypt with win-acme, "
     "renewed automatically by scheduled task; Sectigo certificate not renewed.",
     "certificate rds"),
    ("hi-rdgw-mfa", "context", 170, 6,
     "MFA on the RD Gateway with the NPS extension",
     "Installed the Entra MFA NPS extension on NPS01; RD Gateway uses NPS01 as central "
     "RADIUS, phone app approval required for remote desktops.",
     "rds mfa"),
    ("hi-dc01-fsmo", "context", 190, 5,
     "FSMO roles moved to DC02 before retiring DC01",
     "Transferred all five FSMO roles from DC01 to DC02 with Move-ADDirectoryServer"
     "OperationMasterRole; DC01 and DC02 stay the domain controllers until DC01 is "
     "demoted next week.",
     "ad fsmo"),
    ("hi-dc-rename", "context", 185, 4,
     "DC01 demoted and removed",
     "Demoted DC01, cleaned metadata, removed its DNS records; the domain controllers are "
     "now DC02 (all FSMO roles) and DC03.",
     "ad"),
    ("hi-gpo-drivemaps", "context", 130, 4,
     "Drive mapping GPO rewritten with item-level targeting",
     "One GPO 'Drive Maps' replaces six: S: shared, M: matters by department group, H: home "
     "folder; old logon scripts removed.",
     "gpo drives"),
    ("hi-imanage-upgrade", "context", 70, 6,
     "iManage Work server upgrade to 10.4",
     "Upgraded iManage Work on IM01 to 10.4 with the vendor; SQL01 database upgraded, "
     "indexer rebuilt over the weekend.",
     "imanage"),
    ("hi-vmware-decision", "decision", 210, 6,
     "Stay on Hyper-V rather than move to VMware",
     "Not moving the cluster to VMware vSphere after the Broadcom licence changes; Hyper-V "
     "on Windows Server Datacenter covers all VMs.",
     "hyperv vmware"),
    ("hi-patching", "context", 8, 4,
     "Monthly server patching order",
     "Patch order: REPO01 and VBR01 first, then SQL01 and IM01 after the DMS backup, then "
     "FS01, last the domain controllers one at a time.",
     "patching"),
    ("hi-printer-ricoh", "context", 65, 4,
     "Ricoh copiers print to the secure release queue",
     "Both Ricoh IM C3000 copiers print through the PaperCut secure release queue on PS01; "
     "card readers at the copiers.",
     "printer papercut"),
    ("hi-ups-shutdown", "context", 140, 5,
     "UPS graceful shutdown of the Hyper-V hosts",
     "Eaton 9PX network card sends a shutdown to HV01 and HV02 through IPM after 10 minutes "
     "on battery; the NAS gets it by SNMP.",
     "ups eaton"),
    ("hi-server-room-temp", "context", 11, 5,
     "Server room overheating alert",
     "Temperature sensor hit 31 C when the building's air conditioning was off for the "
     "weekend. Facilities added the server room to the 24/7 schedule.",
     "environment"),
    ("hi-harlow-vault", "client-snippet", 280, 6,
     "Where Harlow & Pike service accounts are documented",
     "Service accounts (svc-veeam, svc-sql, svc-imanage) are listed in the vault under "
     "Harlow/Service accounts with owner and purpose.",
     "accounts"),
    ("hi-harlow-hours", "client-snippet", 310, 5,
     "Maintenance windows at Harlow & Pike",
     "Reboots only Friday after 20:00 or weekends; court deadlines on Monday mornings mean "
     "nothing risky on Sunday night without the office manager's OK.",
     "maintenance"),
])
_ask(HI, [
    ("lexical", "event 21502 live migration", "hi-hyperv-cluster"),
    ("lexical", "svc-veeam lost write permission after DSM update", "hi-veeam-accessdenied"),
    ("lexical", "SureBackup virtual lab schedule", "hi-veeam-surebackup"),
    ("lexical", "Henderson matter restore", "hi-veeam-restore-file"),
    ("lexical", "FSRM home folder limits", "hi-fs01-quota"),
    ("paraphrase", "a lawyer wiped out a client case directory by accident, how did we "
     "bring it back?", "hi-veeam-restore-file"),
    ("paraphrase", "faulty hard drive replaced in the file appliance", "hi-nas02-disk"),
    ("paraphrase", "why not jump ship to ESXi for the virtualisation platform",
     "hi-vmware-decision"),
    ("paraphrase", "in which sequence do we apply updates to the boxes every four weeks?",
     "hi-patching"),
    ("paraphrase", "hot in the comms cupboard on Saturday and Sunday, what changed?",
     "hi-server-room-temp"),
    ("paraphrase", "when can we restart things at the law firm", "hi-harlow-hours"),
    ("superseded", "where do the primary Veeam backup jobs write to?", "hi-veeam-target-new"),
    ("superseded", "what Veeam version is VBR01 on?", "hi-veeam-version-new"),
    ("superseded", "what is the IP of FS01?", "hi-fs01-ip-new"),
    ("superseded", "who issues the RD Gateway certificate for remote.harlowpike.com?",
     "hi-cert-rds-new"),
    ("superseded", "which domain controllers does harlow have now?", "hi-dc-rename"),
    ("prompt", "I'm in the harlow-infra repo updating runbooks/backup.md.\n"
     "(NAS02 and the Veeam copy job are fine btw, I checked the repository)\n"
     "the SQL01 transaction logs are huge again, disk alert on L: at 92%\n"
     "  Warning: Log file for database 'iManage' is 78 GB\n"
     "didn't we set up something in the backup job so the logs get truncated? how often "
     "did it run", "hi-veeam-sql-logs"),
    ("prompt", "quick one - the cluster shows CSV1 as 'Redirected Access' in Failover "
     "Cluster Manager this morning\nand VMs feel sluggish. I'm looking at the iSCSI "
     "initiator on HV02 right now.\nhave we had this before? what was the MPIO change "
     "we made back then, I want to check it's still set", "hi-hyperv-csv"),
    ("prompt", "office manager says the print release at the copiers isn't working, cards "
     "get 'no jobs found'.\nI'm on PS01 now, the papercut service is running.\n"
     "can you help me figure out how the copier printing is set up there, which queue and "
     "server? then I'll check the logs", "hi-printer-ricoh"),
    ("prompt", "there was a power cut at harlow last night and both hosts just died hard "
     "instead of shutting down\n  Event 6008: The previous system shutdown was "
     "unexpected\nthe Veeam jobs and NAS02 came back fine once power returned.\n"
     "what was supposed to shut them down cleanly? I need to check the "
     "config on whatever sends the signal", "hi-ups-shutdown"),
])

# --------------------------------------------------------------------------------------
# Harlow & Pike LLP: email, identity and devices
# --------------------------------------------------------------------------------------
HD = "harlow-identity"
_add(HD, [
    ("hd-pwpolicy-old", "context", 270, 7,
     "Password policy: 12 characters, expiry every 90 days",
     "Default domain policy on harlowpike.local: minimum length 12, complexity on, maximum "
     "age 90 days, history 24, lockout after 10 attempts for 15 minutes. Synced to Entra ID "
     "with password hash sync.",
     "password policy ad"),
    ("hd-pwpolicy-new", "context", 16, 5,
     "Password policy changed: 16 character passphrases, no expiry",
     "Following NIST guidance the domain password policy is now minimum length 16, no "
     "maximum age, Entra password protection banned list on; lockout unchanged.",
     "password policy"),
    ("hd-mailfilter-old", "context", 230, 7,
     "Inbound mail filtered by Mimecast",
     "MX records of harlowpike.com point to Mimecast; Exchange Online inbound connector only "
     "accepts mail from Mimecast IP ranges. Targeted Threat Protection URL rewriting on.",
     "email mimecast"),
    ("hd-mailfilter-new", "context", 27, 5,
     "Mail filtering moved from Mimecast to Defender for Office 365",
     "MX of harlowpike.com now points to Exchange Online Protection directly; Mimecast "
     "connector removed, Defender for Office 365 Safe Links and Safe Attachments policies on.",
     "email defender"),
    ("hd-mfa-method-old", "context", 180, 6,
     "MFA registration: SMS or Authenticator",
     "Authentication methods policy allows SMS and Microsoft Authenticator push; most "
     "fee earners registered SMS on their mobiles.",
     "mfa entra"),
    ("hd-mfa-method-new", "context", 179, 5,
     "MFA registration: Authenticator with number matching only, SMS off",
     "Changed the authentication methods policy the next day after the partners agreed: "
     "SMS disabled, Microsoft Authenticator with number matching required, registration "
     "campaign on.",
     "mfa entra"),
    ("hd-signature-old", "context", 160, 6,
     "Email signatures from Exclaimer Cloud",
     "Firm-wide email signatures with the disclaimer are applied server-side by Exclaimer "
     "Cloud through a transport rule and connector in Exchange Online.",
     "email signature"),
    ("hd-signature-new", "context", 158, 5,
     "Email signatures moved to CodeTwo",
     "Replaced Exclaimer with CodeTwo Email Signatures 365 two days later (cost); "
     "server-side rule re-created, Exclaimer connector removed.",
     "email signature"),
    ("hd-apns-old", "context", 365, 6,
     "Apple push certificate for Intune renewed",
     "Renewed the Apple MDM push certificate in Intune with the it@harlowpike.com Apple ID; "
     "next expiry in October.",
     "intune apple"),
    ("hd-apns-new", "context", 2, 4,
     "Apple push certificate renewed again, new expiry",
     "Apple MDM push certificate in Intune renewed with the same Apple ID; now expires next "
     "November. Calendar reminder set 30 days before.",
     "intune apple"),
    ("hd-ca-countries", "context", 120, 6,
     "Conditional access blocks sign-ins from unexpected countries",
     "Named location of allowed countries (UK, Ireland, France, Spain); CA policy blocks "
     "all other countries except for the travel group during trips.",
     "conditionalaccess entra"),
    ("hd-ca-compliant", "context", 95, 6,
     "Conditional access requires a compliant device for the DMS",
     "iManage Work cloud access only from Intune-compliant or hybrid joined devices; "
     "personal devices get web access without downloads via app enforced restrictions.",
     "conditionalaccess intune"),
    ("hd-mailbox-litigation", "context", 75, 7,
     "Litigation hold on departing partner's mailbox",
     "Put the mailbox of the departing partner on litigation hold and converted it to a "
     "shared mailbox kept for 7 years per the firm's retention rules.",
     "exchange retention"),
    ("hd-mailbox-delegate", "context", 50, 4,
     "Secretaries get delegate access to partners' calendars",
     "Added Editor rights on the partners' calendars for their assistants with "
     "Add-MailboxFolderPermission; assistants also see private items for two partners.",
     "exchange calendar"),
    ("hd-dlp", "context", 110, 6,
     "DLP policy for client account numbers",
     "Purview DLP policy warns when emails to external recipients contain more than 5 UK "
     "bank account numbers or passport numbers; override with business justification.",
     "purview dlp"),
    ("hd-sensitivity", "decision", 85, 5,
     "Sensitivity labels: Public, Internal, Client Confidential",
     "Three labels only; Client Confidential encrypts and blocks forwarding. More labels "
     "confused the pilot users.",
     "purview labels"),
    ("hd-iphone-enroll", "context", 140, 5,
     "iPhones enrolled through Apple Business Manager",
     "Firm iPhones are bought through the reseller into Apple Business Manager and enroll "
     "automatically in Intune with ADE; supervised, Outlook and Teams pushed.",
     "intune iphone"),
    ("hd-byod-mam", "context", 138, 5,
     "App protection for personal phones",
     "Personal phones get no enrollment: Intune app protection policies on Outlook, Teams "
     "and OneDrive, PIN required, copy-paste to unmanaged apps blocked.",
     "intune mam"),
    ("hd-defender-alert", "context", 9, 7,
     "Defender flagged a suspicious inbox rule",
     "Defender XDR alert: new inbox rule forwarding to an external gmail address on a "
     "trainee's account after a phishing click. Revoked sessions, reset the password, "
     "removed the rule, no data sent.",
     "defender incident"),
    ("hd-license-audit", "context", 60, 4,
     "Quarterly M365 licence audit",
     "Found 6 unused Business Premium licences from leavers and 2 Visio Plan 2 nobody "
     "opened; reduced at the CSP anniversary.",
     "m365 licensing"),
    ("hd-entra-connect", "context", 200, 6,
     "Entra Connect Sync upgraded on DC02",
     "Upgraded Microsoft Entra Connect Sync on DC02 to 2.3.20 before the old version's "
     "retirement; staging server on DC03 upgraded too.",
     "entra sync"),
    ("hd-guest-access", "context", 40, 4,
     "External sharing with opposing counsel via Teams guests",
     "Guest access allowed for one Teams team per matter; guests expire after 90 days by "
     "access review.",
     "teams guests"),
    ("hd-outlook-addin", "context", 30, 4,
     "iManage Outlook add-in missing after new Outlook",
     "Users on the new Outlook for Windows lost the iManage filing add-in; toggled them back "
     "to classic Outlook by Intune policy until iManage supports it.",
     "outlook imanage"),
    ("hd-teams-recording", "decision", 70, 5,
     "Teams meeting recordings expire after 60 days",
     "Client meetings can be recorded, recordings auto-expire after 60 days unless moved "
     "to the matter in iManage.",
     "teams retention"),
    ("hd-sspr", "context", 130, 5,
     "Self-service password reset with writeback",
     "SSPR enabled for all users with Authenticator and a mobile number, password "
     "writeback through Entra Connect to AD.",
     "sspr entra"),
    ("hd-shared-calendar", "context", 25, 3,
     "Meeting rooms as room mailboxes",
     "Created room mailboxes for the three boardrooms, auto-accept with a 4 hour max "
     "duration, reception has booking rights.",
     "exchange rooms"),
    ("hd-phish-report", "context", 18, 4,
     "Report message button in Outlook",
     "Enabled the built-in Report button for all users; reports go to the MSP security "
     "mailbox and to Microsoft.",
     "outlook phishing"),
])
_ask(HD, [
    ("lexical", "Add-MailboxFolderPermission for the assistants", "hd-mailbox-delegate"),
    ("lexical", "inbox rule forwarding to gmail trainee", "hd-defender-alert"),
    ("lexical", "Entra Connect version on DC02", "hd-entra-connect"),
    ("lexical", "Purview DLP passport numbers", "hd-dlp"),
    ("lexical", "ADE iPhone enrollment", "hd-iphone-enroll"),
    ("paraphrase", "keep everything of the lawyer who's leaving for legal reasons",
     "hd-mailbox-litigation"),
    ("paraphrase", "staff forgot their logon and want to change it themselves",
     "hd-sspr"),
    ("paraphrase", "can people reserve the conference space?", "hd-shared-calendar"),
    ("paraphrase", "own mobiles: securing work programs without taking over the handset",
     "hd-byod-mam"),
    ("paraphrase", "we were paying for subscriptions sitting idle", "hd-license-audit"),
    ("paraphrase", "classification tags for documents: why just a handful?", "hd-sensitivity"),
    ("superseded", "what is the password policy at Harlow & Pike now?", "hd-pwpolicy-new"),
    ("superseded", "who filters inbound mail for harlowpike.com?", "hd-mailfilter-new"),
    ("superseded", "which MFA methods are allowed for Harlow users?", "hd-mfa-method-new"),
    ("superseded", "which product applies the email signatures?", "hd-signature-new"),
    ("superseded", "when does the Apple push certificate in Intune expire?", "hd-apns-new"),
    ("prompt", "doing a security review for harlow, notes in reviews/2026-q4.md\n"
     "MFA and the Authenticator setup are already covered in the review.\n"
     "one of the partners is travelling to Dubai next week and asked if they'll be able "
     "to log in.\nwhat's our setup for sign-ins from abroad, which countries are allowed "
     "and is there an exception?", "hd-ca-countries"),
    ("prompt", "a user says the iManage filing button vanished from Outlook after an "
     "update\n  'Add-in iManage Work not available in this version of Outlook'\n"
     "I remember we hit this before with the new outlook thing... what did we do, I'm "
     "editing the intune profile now", "hd-outlook-addin"),
    ("prompt", "client asked whether they can record our Teams calls with them and how long "
     "we keep them.\nI'm drafting the answer in a ticket. what was decided about meeting "
     "recordings at harlow?\nno rush", "hd-teams-recording"),
])

# --------------------------------------------------------------------------------------
# Kestrel Precision Manufacturing: plant floor network and OT
# --------------------------------------------------------------------------------------
KP = "kestrel-plant"
_add(KP, [
    ("kp-fortios-old", "context", 250, 7,
     "FW01 FortiGate 100F upgraded to FortiOS 7.2.8",
     "Upgraded the plant firewall FW01, a FortiGate 100F, to FortiOS 7.2.8 following the "
     "upgrade path; config backup on NAS01 first. IPsec to head office and the OT policies "
     "checked afterwards, SSL VPN portal fine.",
     "fortigate firmware fw01"),
    ("kp-fortios-new", "context", 13, 5,
     "FW01 upgraded to FortiOS 7.4.5",
     "FW01 FortiGate 100F now on FortiOS 7.4.5 (from 7.2.8); SSL VPN tunnel mode replaced by "
     "IPsec dial-up as 7.4 recommends.",
     "fortigate firmware"),
    ("kp-fw01-ot-policy", "context", 190, 6,
     "FW01 policies between office and OT VLANs",
     "Only the engineering workstations may reach the OT VLAN 100 from the office, on "
     "EtherNet/IP 44818 and the Rockwell FactoryTalk ports; everything else denied and "
     "logged.",
     "fortigate ot firewall"),
    ("kp-fw01-admin-gui", "context", 85, 5,
     "FortiGate GUI unreachable after changing the admin port",
     "Moved the FW01 admin HTTPS port to 8443; the GUI then failed from the office because "
     "trusted hosts only listed the IT VLAN. Added the engineering VLAN.",
     "fortigate fw01"),
    ("kp-fw01-ips", "context", 60, 5,
     "IPS sensor blocking Modbus traffic on FW01",
     "The default IPS sensor dropped Modbus/TCP writes from the SCADA server to the "
     "compressor PLCs. Created an OT-specific sensor with industrial signatures in "
     "monitor mode.",
     "fortigate ips modbus"),
    ("kp-fw01-sdwan", "context", 140, 5,
     "SD-WAN on FW01 with two ISPs",
     "SD-WAN zone with the leased line and the backup broadband; performance SLA pings "
     "8.8.8.8, Teams and VoIP steered to the leased line.",
     "fortigate sdwan"),
    ("kp-vendor-access-old", "context", 220, 7,
     "Vendor remote access to the CNC machines with TeamViewer",
     "The CNC vendor connects through TeamViewer installed on the engineering PC ENG-PC03; "
     "the operator must accept each session. Unattended access disabled.",
     "vendor remote cnc"),
    ("kp-vendor-access-new", "context", 20, 5,
     "Vendor remote access moved to FortiClient ZTNA",
     "TeamViewer removed from ENG-PC03; the CNC vendor now connects with FortiClient ZTNA "
     "through FW01 to the CNC VLAN only, time-limited accounts approved by the plant manager.",
     "vendor remote ztna"),
    ("kp-mes-old", "context", 300, 6,
     "MES server MES01 on the plant VLAN",
     "The production MES runs on MES01 (10.50.10.20), SQL Express on the same VM; shop "
     "floor tablets use http://mes01/ to book work orders.",
     "mes"),
    ("kp-mes-new", "context", 38, 5,
     "MES server renamed to KPM-MES02 after rebuild",
     "MES rebuilt on a new VM KPM-MES02 (10.50.10.22) with full SQL Server; DNS CNAME mes "
     "points there, tablets use http://mes/ now. MES01 retired.",
     "mes"),
    ("kp-wifi-old", "context", 170, 6,
     "Warehouse Wi-Fi on WPA2 pre-shared key",
     "Meraki MR46 access points in the warehouse broadcast KPM-Scanners with WPA2-PSK for "
     "the Zebra handheld scanners; key in the vault.",
     "wifi meraki scanners"),
    ("kp-wifi-new", "context", 5, 5,
     "Warehouse scanners moved to WPA3-Enterprise with certificates",
     "KPM-Scanners SSID on the Meraki MR46 now uses WPA3-Enterprise with EAP-TLS; "
     "certificates pushed to the Zebra scanners by StageNow; the PSK is gone.",
     "wifi meraki scanners"),
    ("kp-meraki-switch", "context", 110, 5,
     "Meraki MS switch port flapping on line 3",
     "Port 12 on the MS225 in cabinet C3 flapped every few minutes: damaged cable to the "
     "line 3 HMI. Replaced the patch lead with an industrial shielded cable.",
     "meraki switch hmi"),
    ("kp-hmi-ip", "snippet", 260, 6,
     "Line HMIs and their addresses",
     "Line 1 HMI 10.100.1.11, line 2 10.100.1.12, line 3 10.100.1.13 (PanelView Plus 7); "
     "never give them DHCP, the PLCs talk to them by fixed address.",
     "hmi ot"),
    ("kp-plc-backup", "context", 90, 6,
     "PLC program backups with Rockwell AssetCentre",
     "Weekly upload of all ControlLogix programs by FactoryTalk AssetCentre to the "
     "engineering share, with change detection emails to the controls engineer.",
     "plc backup rockwell"),
    ("kp-zebra-printers", "context", 70, 4,
     "Zebra label printers losing their settings",
     "The ZT410 label printers on the packing line reverted to 203 dpi defaults after power "
     "cuts; saved the config with ZebraDesigner and locked the front panel.",
     "printer zebra"),
    ("kp-ntp-ot", "context", 150, 5,
     "Time sync for the OT network",
     "PLCs and HMIs drifted apart; FW01 now serves NTP on the OT VLAN interface, synced from "
     "the domain controllers.",
     "ntp ot"),
    ("kp-dhcp-office", "context", 100, 4,
     "Office DHCP moved from FW01 to the domain controllers",
     "DHCP for the office VLAN moved from the FortiGate to DC01/DC02 with failover in load "
     "balance mode, so DNS registration works.",
     "dhcp"),
    ("kp-cctv", "context", 45, 4,
     "CCTV cameras on their own VLAN",
     "Hikvision cameras and the NVR moved to VLAN 60 with no internet access; the security "
     "company views the NVR through the ZTNA portal.",
     "cctv vlan"),
    ("kp-segmentation-decision", "decision", 230, 7,
     "Purdue-style segmentation for the plant",
     "Decided on separate VLANs for office, engineering, OT cells, CCTV and guests, all "
     "routed through FW01 with explicit policies, instead of the flat 10.0.0.0/16.",
     "ot segmentation"),
    ("kp-usb-policy", "decision", 120, 5,
     "USB sticks blocked on engineering PCs",
     "Removable storage blocked on engineering PCs by Defender device control; vendors get "
     "files through the ZTNA share.",
     "usb defender"),
    ("kp-ups-ot", "context", 30, 5,
     "UPS for the line 2 control cabinet",
     "Added an APC SMT750 in the line 2 control cabinet so the PLC and HMI ride through "
     "the brownouts when the presses start.",
     "ups ot"),
    ("kp-switch-firmware", "context", 15, 3,
     "Meraki switches firmware scheduled",
     "Meraki MS firmware 16.8 scheduled for the Saturday maintenance window across all "
     "cabinets; line switches last.",
     "meraki firmware"),
    ("kp-guest-wifi", "context", 55, 3,
     "Visitor Wi-Fi with splash page",
     "Meraki splash page on KPM-Visitors with sponsor approval by reception, isolated on "
     "VLAN 70, 10 Mbit cap.",
     "wifi guest meraki"),
    ("kp-dns-ot", "context", 125, 4,
     "OT hosts registered in DNS",
     "Static A records for the SCADA server, historian and engineering PCs in the "
     "kestrel.local zone so the engineers stop typing IP addresses.",
     "dns ot"),
    ("kp-historian-disk", "context", 7, 6,
     "Historian server disk full",
     "The process historian HIST01 stopped archiving when D: filled; extended the VHDX by "
     "200 GB on the Hyper-V host and set archive retention to 3 years.",
     "historian disk"),
    ("kp-scada-alarm", "context", 24, 6,
     "SCADA alarm emails not sent",
     "The SCADA server could not send alarm emails after the basic auth switch-off; "
     "pointed it at the internal SMTP relay on RELAY01 with IP allow-list.",
     "scada email"),
    ("kp-ot-contacts", "client-snippet", 290, 5,
     "Who to call at Kestrel for plant issues",
     "Plant manager for shutdown approvals, controls engineer for PLC/HMI, maintenance "
     "lead for physical cabling; numbers in the client notes, not here.",
     "contacts"),
])
_ask(KP, [
    ("lexical", "Modbus writes dropped by the IPS", "kp-fw01-ips"),
    ("lexical", "EtherNet/IP 44818 policy to the OT VLAN", "kp-fw01-ot-policy"),
    ("lexical", "ZT410 printers resetting to 203 dpi", "kp-zebra-printers"),
    ("lexical", "HIST01 archiving stopped", "kp-historian-disk"),
    ("lexical", "MS225 cabinet C3 port 12", "kp-meraki-switch"),
    ("paraphrase", "can't get into the firewall's settings page since we altered which "
     "number it answers on", "kp-fw01-admin-gui"),
    ("paraphrase", "ladder logic copies for the automation gear: where are they kept and how "
     "often?",
     "kp-plc-backup"),
    ("paraphrase", "surveillance gear on a separate segment", "kp-cctv"),
    ("paraphrase", "thumb drives on the design office computers", "kp-usb-policy"),
    ("paraphrase", "power dips when the big machines kick in knock out the kit in the "
     "second production cell's enclosure", "kp-ups-ot"),
    ("paraphrase", "why did we split the factory network into zones", "kp-segmentation-decision"),
    ("superseded", "which FortiOS version is FW01 on now?", "kp-fortios-new"),
    ("superseded", "how does the CNC vendor connect remotely?", "kp-vendor-access-new"),
    ("superseded", "what is the MES server called and its address?", "kp-mes-new"),
    ("superseded", "how do the Zebra scanners authenticate to the KPM-Scanners Wi-Fi?",
     "kp-wifi-new"),
    ("prompt", "I'm at kestrel today, standing next to line 1 with the controls guy.\n"
     "he says the HMI and the PLC timestamps are minutes apart again and the alarm log "
     "is useless.\n  PanelView: clock 09:14, PLC: 09:19\n"
     "how did we set up time on the OT side? is FW01 involved or the DCs?", "kp-ntp-ot"),
    ("prompt", "hey so alarms from the SCADA box stopped arriving in the engineers' email "
     "again.\n  SMTP error: 535 5.7.139 Authentication unsuccessful, basic auth is "
     "disabled\nI'm in the kestrel repo under ot/scada/notes.md. what did we point it at "
     "last time?", "kp-scada-alarm"),
    ("prompt", "planning the next maintenance weekend at the plant (plan in "
     "maintenance/2026-12.md).\nthe meraki dashboard says new switch firmware is "
     "available.\nwas anything already scheduled for the MS switches? which version and "
     "order? want to avoid doing it twice", "kp-switch-firmware"),
    ("prompt", "reception at kestrel says visitors can't get on the wifi, the splash page "
     "just spins.\ncan you help me figure out how visitor wifi works there, which SSID, "
     "who approves, which VLAN\nI'm looking at the Meraki dashboard right now",
     "kp-guest-wifi"),
])

# --------------------------------------------------------------------------------------
# Kestrel Precision Manufacturing: ERP, file services and backups
# --------------------------------------------------------------------------------------
KE = "kestrel-erp"
_add(KE, [
    ("ke-sage-sql-old", "context", 200, 8,
     "Sage 200 database on SQL01",
     "Sage 200 company databases live on SQL01 (SQL Server 2016 Standard), the Sage "
     "services on APP01. Clients connect through the Sage 200 desktop with the SQL01 "
     "instance name in the configuration.",
     "sage sql"),
    ("ke-sage-sql-new", "context", 199.75, 5,
     "Sage 200 database moved to SQL02",
     "Later the same evening: Sage 200 databases migrated to SQL02 (SQL Server 2022), "
     "Sage configuration repointed, SQL01 kept read-only for a month.",
     "sage sql"),
    ("ke-sage-version-old", "context", 330, 6,
     "Sage 200 upgraded to 2023 R2",
     "Upgraded Sage 200 Professional to 2023 R2 with the Sage partner; client installs "
     "pushed by GPO.",
     "sage upgrade"),
    ("ke-sage-version-new", "context", 48, 5,
     "Sage 200 upgraded to 2025 R1",
     "Sage 200 Professional now on 2025 R1, upgraded from 2023 R2; client MSI redeployed, "
     "add-ons for the MRP module updated.",
     "sage upgrade"),
    ("ke-datto-retention-old", "context", 280, 7,
     "Datto SIRIS offsite retention one year",
     "Datto SIRIS 5 at Kestrel keeps local snapshots 90 days and replicates to the Datto "
     "cloud with 1 year offsite retention for all protected servers.",
     "datto backup"),
    ("ke-datto-retention-new", "context", 279, 5,
     "Datto offsite retention extended to 7 years for SQL02",
     "Next day: auditor requires 7 years for the finance data, so SQL02's offsite retention "
     "on the Datto cloud is now 7 years (infinite cloud retention licence); others stay at "
     "1 year.",
     "datto backup"),
    ("ke-datto-screenshot", "context", 90, 5,
     "Datto screenshot verification failing for APP01",
     "Screenshot verification of APP01 timed out at the login screen; the VM needed more "
     "boot time. Raised the screenshot wait to 300 seconds.",
     "datto"),
    ("ke-datto-agent", "context", 150, 5,
     "Datto agent reinstalled on FILE01 after VSS errors",
     "Backups of FILE01 failed with VSS writer errors (event 8193). Re-registered the VSS "
     "writers, then reinstalled the Datto Windows Agent; chain restarted with a full.",
     "datto vss file01"),
    ("ke-datto-restore", "context", 12, 6,
     "File restore from Datto for the quality team",
     "Quality team overwrote the ISO audit spreadsheet; mounted yesterday's FILE01 recovery "
     "point on the SIRIS and copied the file back.",
     "datto restore"),
    ("ke-datto-virt", "decision", 160, 6,
     "Local virtualization on the SIRIS as the DR plan",
     "In a server outage we run the affected VM on the SIRIS itself (local virtualization) "
     "rather than keep a standby host; tested yearly.",
     "datto dr"),
    ("ke-veeam365-old", "context", 240, 6,
     "Veeam Backup for Microsoft 365 to local disk",
     "Veeam Backup for Microsoft 365 on VBO01 backs up Exchange Online, OneDrive and "
     "SharePoint to a local repository on its E: drive, retention 3 years.",
     "veeam m365"),
    ("ke-veeam365-new", "context", 26, 5,
     "Veeam Backup for Microsoft 365 now to Wasabi",
     "VBO01 repository moved to a Wasabi object storage bucket; local E: repository kept "
     "as cache only. Retention unchanged at 3 years.",
     "veeam m365"),
    ("ke-esxi-old", "context", 310, 6,
     "ESXi hosts on 7.0 U3",
     "Both VMware ESXi hosts ESX01 and ESX02 patched to 7.0 Update 3 with vCenter 7; "
     "Dell iDRAC firmware updated first.",
     "vmware esxi"),
    ("ke-esxi-new", "context", 65, 5,
     "ESXi hosts upgraded to 8.0 U3",
     "ESX01 and ESX02 upgraded to VMware ESXi 8.0 Update 3 after vCenter 8; custom Dell ISO "
     "used.",
     "vmware esxi"),
    ("ke-vmware-licensing", "decision", 100, 6,
     "Renew VMware vSphere Foundation for three years",
     "Broadcom quote for VVF was high, but migrating the ERP and MES VMs to Hyper-V this "
     "year is too risky; renewed for three years and will revisit.",
     "vmware licensing"),
    ("ke-file01-dfs", "context", 210, 5,
     "DFS namespace for the Kestrel shares",
     "\\\\kestrel.local\\data namespace with Drawings, Quality, Finance, Production on "
     "FILE01; drive K: mapped by GPO.",
     "dfs file01"),
    ("ke-file01-perms", "context", 80, 5,
     "Finance share permissions cleaned up",
     "Finance folder on FILE01 had inherited 'Domain Users' modify rights; broke "
     "inheritance, granted the GG-Finance group only, audit logging on.",
     "file01 permissions"),
    ("ke-drawings-sync", "context", 35, 5,
     "CAD drawings folder slow over the VPN",
     "Designers at the second site opened SolidWorks drawings over the IPsec tunnel, very "
     "slow. Set up DFS replication of Drawings to a small file server there.",
     "dfs solidworks"),
    ("ke-sql-maint", "context", 140, 4,
     "SQL maintenance plans with Ola Hallengren scripts",
     "Index optimisation weekly and integrity checks nightly on SQL02 using the Ola "
     "Hallengren maintenance solution via SQL Agent jobs.",
     "sql maintenance"),
    ("ke-sql-tempdb", "context", 55, 5,
     "SQL02 slow month end: tempdb contention",
     "MRP run at month end took hours; tempdb had one data file. Added 7 more equal "
     "files on the SSD volume, run time down to 40 minutes.",
     "sql performance"),
    ("ke-certs-erp", "context", 42, 4,
     "Sage 200 web portal certificate",
     "Renewed the certificate on APP01 for erp.kestrelprecision.co.uk used by the Sage "
     "web portal; wildcard from the DigiCert account.",
     "certificate sage"),
    ("ke-synology-archive", "context", 130, 4,
     "Synology NAS03 for the drawings archive",
     "Old drawings (pre-2015) moved to NAS03, a Synology DS923+, read-only share, "
     "Hyper Backup to C2 Storage nightly.",
     "synology archive"),
    ("ke-ransomware-drill", "context", 75, 6,
     "Ransomware tabletop exercise",
     "Walked through an encryption scenario with the MD and finance: who decides, "
     "restore order (SQL02, APP01, FILE01), external counsel and insurer numbers.",
     "security dr"),
    ("ke-print-server", "context", 95, 3,
     "Office printers on PRN01",
     "Kyocera copiers and the plotter shared from PRN01 with Type 4 drivers, deployed by "
     "GPO to the office OUs.",
     "printer"),
    ("ke-quickbooks-legacy", "context", 360, 3,
     "Old QuickBooks company file archived",
     "Pre-Sage QuickBooks 2019 company file archived to NAS03 as read-only with the last "
     "installer, for the accountants' queries.",
     "quickbooks archive"),
    ("ke-erp-users", "snippet", 25, 4,
     "Adding a user to Sage 200",
     "New users: add in System Administration, assign the role (Sales, Purchasing, "
     "Production), then the Windows login; licences are concurrent, 25 seats.",
     "sage users"),
    ("ke-backup-report", "context", 4, 5,
     "Weekly backup report to the MD",
     "Set up the Datto weekly report and the Veeam 365 job summary to go to the MD and "
     "the MSP every Monday 07:00.",
     "backup reporting"),
])
_ask(KE, [
    ("lexical", "VSS event 8193 on FILE01 backups", "ke-datto-agent"),
    ("lexical", "tempdb files month end MRP", "ke-sql-tempdb"),
    ("lexical", "Ola Hallengren jobs on SQL02", "ke-sql-maint"),
    ("lexical", "screenshot verification APP01 timing out", "ke-datto-screenshot"),
    ("lexical", "erp.kestrelprecision.co.uk cert renewal", "ke-certs-erp"),
    ("paraphrase", "if a box dies, do we boot it on the appliance instead of spare "
     "hardware?", "ke-datto-virt"),
    ("paraphrase", "everybody could edit the accounts department directory", "ke-file01-perms"),
    ("paraphrase", "engineers at the other plant wait ages loading 3D models across the "
     "link", "ke-drawings-sync"),
    ("paraphrase", "what was agreed in the cyber attack rehearsal with the managing "
     "director?", "ke-ransomware-drill"),
    ("paraphrase", "someone clobbered an important Excel workbook of the compliance folks, "
     "get the previous day's version", "ke-datto-restore"),
    ("paraphrase", "why did we stick with the expensive virtualisation subscription despite the "
     "price hike", "ke-vmware-licensing"),
    ("superseded", "which SQL server hosts the Sage 200 databases?", "ke-sage-sql-new"),
    ("superseded", "what version of Sage 200 is Kestrel on?", "ke-sage-version-new"),
    ("superseded", "how long is the Datto offsite retention for SQL02?",
     "ke-datto-retention-new"),
    ("superseded", "where does Veeam Backup for Microsoft 365 store its backups?",
     "ke-veeam365-new"),
    ("superseded", "what ESXi version are ESX01 and ESX02 running?", "ke-esxi-new"),
    ("prompt", "new starter in purchasing on monday, the manager wants them in the ERP.\n"
     "FW01 was upgraded recently, not sure if related\n"
     "I'm writing the ticket steps in tickets/KPM-4411.md, so far I've done AD and the "
     "mailbox.\nhow do I add someone to sage, which role, and are we out of licences? "
     "thanks", "ke-erp-users"),
    ("prompt", "the MD forwarded me an email asking why he didn't get the backup summary "
     "this monday\n  > Where is my weekly report?\n"
     "the Datto alerts and the SQL02 retention look fine, checked those already\n"
     "what did we set up for that, which reports, who gets them and when? I'm on the "
     "datto portal now", "ke-backup-report"),
    ("prompt", "accountant asked for a figure from 2018 which is before sage.\n"
     "I looked in the Sage 200 archive and on FILE01 already.\n"
     "where did the old books end up? I think it was QuickBooks but not sure where we "
     "parked the file\nor whether we kept the installer, can you check", "ke-quickbooks-legacy"),
])

# --------------------------------------------------------------------------------------
# More near-distractors: the same systems and topics, answering none of the questions.
# --------------------------------------------------------------------------------------
_add(BN, [
    ("bn-fw01-dos", "context", 140, 4,
     "FW01 DoS protection thresholds raised",
     "Sophos XG DoS settings on FW01 flagged the imaging server's DICOM bursts as a UDP "
     "flood; raised the per-source limits for the imaging VLAN.",
     "sophos fw01"),
    ("bn-fw01-logs", "context", 52, 3,
     "FW01 logs sent to Sophos Central",
     "Enabled Central reporting and log forwarding on FW01, 30 days in Sophos Central, "
     "weekly executive report to the practice manager.",
     "sophos logging"),
    ("bn-fw01-backup", "context", 38, 4,
     "Scheduled config backups of FW01",
     "Sophos XG FW01 emails an encrypted configuration backup weekly to the MSP backup "
     "mailbox; the encryption key is in the vault.",
     "sophos backup"),
    ("bn-lakeside-fortigate-fw", "context", 115, 4,
     "Lakeside FortiGate firmware 7.2.9",
     "Updated the Lakeside FortiGate 40F to FortiOS 7.2.9; tunnel to FW01 re-established "
     "on its own.",
     "fortigate lakeside"),
    ("bn-dhcp-options", "context", 205, 4,
     "DHCP options 66 and 67 for the phones",
     "Added option 66 with the 3CX provisioning URL to the voice scope on DC01 so new "
     "Yealink phones find their config.",
     "dhcp 3cx"),
    ("bn-dns-split", "context", 175, 4,
     "Split DNS for the patient portal",
     "Internal zone for portal.brightsmile-dental.com on DC01 so clinic PCs reach the "
     "portal's internal IP instead of hairpinning through FW01.",
     "dns"),
    ("bn-unifi-ap-add", "context", 82, 3,
     "Extra U6-Lite in the Lakeside staff room",
     "Adopted a new U6-Lite at Lakeside, channel 36 on 5 GHz, transmit power medium.",
     "unifi wifi lakeside"),
    ("bn-printer-label", "context", 67, 3,
     "Dymo label printers at reception",
     "Dymo LabelWriter 550 needs the Dymo Connect software, not the Windows driver alone; "
     "installed on all reception PCs via Intune.",
     "printer"),
    ("bn-3cx-queue", "context", 36, 4,
     "3CX call queue for new patient enquiries",
     "Queue 800 rings reception at all clinics round robin, overflow to voicemail after "
     "90 seconds, opening hours from the 3CX office hours.",
     "3cx"),
    ("bn-veeam-brightsmile", "context", 95, 5,
     "Veeam Agent backups of SRV-DENT01",
     "Veeam Agent for Windows on SRV-DENT01 backs up to the Synology NAS01 nightly, 14 "
     "restore points, copy to Backblaze B2 weekly.",
     "veeam backup"),
])
_add(BW, [
    ("bw-intune-apps", "context", 112, 3,
     "Win32 apps packaged for Intune",
     "Packaged Adobe Reader, 7-Zip and the Dentrix client as Win32 apps with detection "
     "rules; required for the Clinic devices group.",
     "intune apps"),
    ("bw-defender-asr", "context", 72, 5,
     "Attack surface reduction rules in audit then block",
     "ASR rules in audit for 30 days; Office child process and credential stealing rules "
     "now in block mode, one exclusion for the Dentrix document center.",
     "defender asr"),
    ("bw-mfa-numbermatch", "context", 132, 4,
     "Authenticator number matching enabled",
     "Microsoft Authenticator number matching and location context enabled for all "
     "Brightsmile users.",
     "mfa"),
    ("bw-exchange-dkim", "context", 300, 4,
     "DKIM enabled for the Brightsmile domain",
     "Published the two selector CNAMEs at Cloudflare and enabled DKIM signing in the "
     "Defender portal.",
     "email dns"),
    ("bw-laptop-battery", "context", 26, 3,
     "Latitude batteries swelling",
     "Two Latitude 5420 laptops had swollen batteries; Dell replaced them under warranty, "
     "Dell Command Update battery firmware applied to the rest.",
     "dell hardware"),
    ("bw-printer-intune", "context", 77, 4,
     "Universal Print for the new clinic",
     "Tried Universal Print for the opening clinic's copier; connector on PRINT01, "
     "printers published to the clinic group.",
     "printer intune"),
    ("bw-m365-backup", "decision", 155, 6,
     "Back up Microsoft 365 with Datto SaaS Protection",
     "Exchange, OneDrive and SharePoint backed up by Datto SaaS Protection, 3 backups a "
     "day, unlimited retention; cheaper than a Veeam 365 server.",
     "backup m365"),
    ("bw-windows-hello", "context", 98, 4,
     "Windows Hello for Business on clinic laptops",
     "Enabled WHfB with PIN and fingerprint on the Latitudes through Intune identity "
     "protection; cloud Kerberos trust for the file shares.",
     "windows hello"),
    ("bw-teams-phones-dect", "context", 60, 3,
     "DECT handsets for the surgeries",
     "Yealink W73P base at the main clinic registered to 3CX; handsets for the two "
     "surgeries without desk space.",
     "3cx"),
])
_add(HI, [
    ("hi-veeam-email", "context", 190, 3,
     "Veeam job notifications to the MSP mailbox",
     "VBR01 sends job summaries and warnings through the internal relay to the MSP "
     "alerts mailbox; failures raise a ticket.",
     "veeam alerts"),
    ("hi-veeam-license", "context", 105, 4,
     "Veeam licence renewed for 20 instances",
     "Renewed the Veeam Data Platform Foundation subscription, 20 instances, via the "
     "distributor; licence file installed on VBR01.",
     "veeam licensing"),
    ("hi-veeam-tape", "decision", 250, 4,
     "No tape for Harlow & Pike",
     "The old LTO-6 drive is retired; long-term retention goes to object storage instead of "
     "tapes the office manager never rotated.",
     "backup"),
    ("hi-nas02-hyperbackup", "context", 145, 4,
     "Hyper Backup of NAS02 shares",
     "Hyper Backup on NAS02 copies the scans and archive shares to Synology C2 nightly with "
     "client-side encryption.",
     "synology backup"),
    ("hi-hyperv-checkpoint", "context", 33, 4,
     "Lingering checkpoints after backups on HV02",
     "Two VMs on HV02 kept Veeam recovery checkpoints after failed jobs; merged them with "
     "Get-VMSnapshot | Remove-VMSnapshot after the job finished.",
     "hyperv veeam"),
    ("hi-hyperv-host-patch", "context", 58, 4,
     "Cluster-aware updating for HV01/HV02",
     "Cluster-Aware Updating drains and patches the hosts one at a time on the second "
     "Saturday; VMs live-migrate back afterwards.",
     "hyperv patching"),
    ("hi-sql01-memory", "context", 125, 4,
     "SQL01 max memory set",
     "SQL Server on SQL01 ate all 64 GB; max server memory set to 52 GB leaving room for "
     "the iManage indexer.",
     "sql"),
    ("hi-dhcp-failover", "context", 175, 4,
     "DHCP failover between DC02 and DC03",
     "Configured DHCP failover in hot standby for the office scope after DC01's removal.",
     "dhcp"),
    ("hi-scan-share", "context", 28, 3,
     "Scan to folder share on FS01",
     "Copiers scan to \\\\FS01\\scans\\<user> using the svc-scan account, SMB signing "
     "enabled on the copiers after the DC hardening.",
     "fs01 scanner"),
])
_add(HD, [
    ("hd-ca-mfa-all", "context", 150, 5,
     "Conditional access: MFA for all users, everywhere",
     "Baseline CA policy requires MFA for all cloud apps for all users except the two "
     "break-glass accounts; no trusted location exception at Harlow.",
     "mfa conditionalaccess"),
    ("hd-exchange-forward-block", "context", 8, 5,
     "Automatic external forwarding blocked",
     "Outbound spam policy now blocks automatic forwarding to external addresses for all "
     "mailboxes; one exception for the billing mailbox.",
     "exchange security"),
    ("hd-mailbox-migration", "context", 320, 5,
     "Last on-prem mailboxes moved to Exchange Online",
     "Migrated the final 12 mailboxes from EXCH01 with hybrid migration batches; EXCH01 "
     "kept only for recipient management.",
     "exchange migration"),
    ("hd-intune-windows", "context", 88, 4,
     "Hybrid joined laptops enrolled in Intune by GPO",
     "GPO for automatic MDM enrollment with user credentials; all 70 laptops show as "
     "co-managed in Intune.",
     "intune"),
    ("hd-defender-onboard", "context", 190, 4,
     "Defender for Endpoint onboarding at Harlow",
     "Onboarded the laptops and servers to Defender for Endpoint Plan 2 via Intune and a "
     "GPO for the servers; tamper protection on.",
     "defender"),
    ("hd-entra-pim", "context", 65, 5,
     "PIM for global administrators",
     "Global admin is now eligible-only through Privileged Identity Management with "
     "approval by a second MSP engineer, 4 hour activation.",
     "entra pim"),
    ("hd-license-e5", "decision", 45, 4,
     "Not moving to E5",
     "Compared M365 E5 against Business Premium plus add-ons: the firm stays on Premium, "
     "with Purview add-ons for the DLP features.",
     "m365 licensing"),
    ("hd-teams-external", "context", 100, 3,
     "Teams external access to the barristers' chambers",
     "Allowed Teams federation with the two chambers' tenants only, blocked all other "
     "external domains.",
     "teams"),
    ("hd-pw-reset-vip", "context", 20, 4,
     "Senior partner locked out",
     "Senior partner locked out after changing the password on the phone only; cleared "
     "cached credentials on the iPhone mail profile.",
     "password ad"),
])
_add(KP, [
    ("kp-fw01-vpn-ho", "context", 180, 4,
     "FW01 IPsec tunnel to head office",
     "Tunnel from the plant FW01 to the head office FortiGate 60F with IKEv2, AES256, "
     "monitoring by link monitor.",
     "fortigate vpn"),
    ("kp-fw01-cert", "context", 95, 4,
     "FW01 certificate for the VPN portal",
     "Imported the wildcard certificate for kestrelprecision.co.uk on FW01 and bound it "
     "to the VPN portal.",
     "fortigate certificate"),
    ("kp-fw01-ha", "decision", 210, 5,
     "FW01 as an HA pair",
     "Plant downtime costs too much: second FortiGate 100F bought, active-passive HA with "
     "session pickup.",
     "fortigate ha"),
    ("kp-meraki-stack", "context", 160, 4,
     "Core switch stack of two MS390",
     "Core of the plant network is a stack of two Meraki MS390; cabinets uplinked with "
     "2x10G LACP.",
     "meraki switch"),
    ("kp-hmi-replace", "context", 40, 5,
     "Line 2 HMI touchscreen replaced",
     "PanelView Plus 7 on line 2 had a dead touchscreen; the controls engineer restored "
     "the application from the runtime file on the engineering share.",
     "hmi"),
    ("kp-ot-av", "context", 135, 5,
     "Antivirus on the SCADA server",
     "Defender on the SCADA server in passive mode with exclusions for the FactoryTalk "
     "folders, as Rockwell recommends; scans weekly at night.",
     "scada defender"),
    ("kp-dhcp-ot", "context", 190, 3,
     "No DHCP on the OT cells",
     "The OT cell VLANs have no DHCP helper on FW01; every device there is statically "
     "addressed and documented in the IP plan.",
     "dhcp ot"),
    ("kp-wifi-ap-forklift", "context", 80, 4,
     "Wi-Fi dead spot by the loading dock",
     "Forklift terminals lost Wi-Fi at dock 3; added an MR46 on the dock wall, survey "
     "shows -62 dBm across.",
     "wifi meraki"),
    ("kp-veeam-plant", "context", 115, 4,
     "Veeam Agent backup of the engineering PCs",
     "Veeam Agent on the engineering PCs backs up the project folders to NAS01 daily, "
     "managed from the head office VBR.",
     "veeam backup"),
])
_add(KE, [
    ("ke-datto-alert", "context", 20, 4,
     "Datto backup alert threshold",
     "Datto portal alerts when a protected machine has no backup for 8 hours, to the MSP "
     "queue only.",
     "datto alerts"),
    ("ke-datto-upgrade", "context", 110, 4,
     "SIRIS OS update",
     "Datto pushed a SIRIS OS update overnight; verified all agents paired and the "
     "offsite sync resumed.",
     "datto"),
    ("ke-sql-backup-native", "context", 185, 4,
     "Native SQL backups on SQL02",
     "Full SQL backups nightly to a local disk on SQL02 in addition to Datto, kept 7 "
     "days, for quick restores by the Sage partner.",
     "sql backup"),
    ("ke-vcenter-cert", "context", 70, 4,
     "vCenter certificate expired",
     "vCenter 8 machine SSL certificate expired and the vSphere client refused to load; "
     "renewed with the certificate manager.",
     "vmware certificate"),
    ("ke-esxi-disk", "context", 17, 5,
     "ESX02 datastore nearly full",
     "Datastore2 on ESX02 at 94% because of an orphaned snapshot of APP01; consolidated "
     "it, 300 GB freed.",
     "vmware storage"),
    ("ke-file01-shadow", "context", 140, 3,
     "Shadow copies on FILE01",
     "Volume shadow copies twice a day on FILE01's data volume so users can use Previous "
     "Versions.",
     "file01"),
    ("ke-sage-slow", "context", 60, 5,
     "Sage 200 slow when opening stock records",
     "Stock lookup took 30 seconds; missing index on the traceable items table added by "
     "the Sage partner.",
     "sage performance"),
    ("ke-m365-license", "context", 90, 3,
     "Kestrel users on Business Basic plus desktop apps",
     "Shop floor users on Business Basic, office staff on Business Standard; 45 and 30 "
     "seats.",
     "m365 licensing"),
    ("ke-backup-veeam-decision", "decision", 300, 5,
     "Datto for servers, Veeam only for Microsoft 365",
     "Keep Datto SIRIS for the servers and Veeam Backup for Microsoft 365 for the cloud "
     "data; one vendor was not cheaper.",
     "backup datto veeam"),
])

PROJECT_STATES: dict[str, ProjectStateData] = {
    BN: ProjectStateData(
        "active", 60,
        "Standardising the three clinics on one network design, documenting every site.",
        ["Survey the new Riverside clinic", "Finish the cabling labels at Lakeside"],
    ),
    BW: ProjectStateData(
        "active", 45,
        "Moving the clinics to cloud-managed endpoints and a single identity.",
        ["Retire the last on-prem joined desktops", "Review the staff offboarding steps"],
    ),
    HI: ProjectStateData(
        "maintenance", 90,
        "Keeping the firm's servers healthy; quarterly reviews with the office manager.",
        ["Plan the server refresh budget for next year", "Quarterly review on the 15th"],
    ),
    HD: ProjectStateData(
        "active", 70,
        "Tightening the firm's cloud security ahead of the Cyber Essentials Plus audit.",
        ["Collect evidence for the auditor", "Train the new trainees"],
    ),
    KP: ProjectStateData(
        "active", 35,
        "Segmenting the plant network and documenting every cell with the controls team.",
        ["Walk cells 4 to 6 with the controls engineer", "Update the IP plan"],
    ),
    KE: ProjectStateData(
        "maintenance", 80,
        "Running the ERP and file services, preparing the year-end close.",
        ["Check year-end close steps with finance", "Review the DR plan in spring"],
    ),
}

# fmt: on

# --------------------------------------------------------------------------------------
# Checks
# --------------------------------------------------------------------------------------
_TOKEN = re.compile(r"[^\W_]+", re.UNICODE)
# Words of a question that carry no content, beyond the search stopwords.
QUESTION_WORDS = frozenset(
    """what whats how why where which when who whom whose did does doing done we us our
    me my again remind anyone someone know remember ever there was were are is""".split()  # noqa: SIM905
)


def _content_words(text: str, stopwords: frozenset[str]) -> set[str]:
    return {
        token
        for token in _TOKEN.findall(text.lower())
        if len(token) >= 3 and token not in stopwords and token not in QUESTION_WORDS
    }


def _stem(word: str) -> str:
    for suffix in ("ing", "es", "ed", "s"):
        if word.endswith(suffix) and len(word) - len(suffix) >= 3:
            return word[: -len(suffix)]
    return word


def same_word(a: str, b: str) -> bool:
    """Whether two lower-case tokens count as one word: equal, the same first five
    characters (or all of the shorter one when it has fewer), or one a plural / -ing /
    -ed form of the other."""
    if a == b:
        return True
    n = min(5, len(a), len(b))
    if a[:n] == b[:n]:
        return True
    return _stem(a) == _stem(b) or _stem(a) == b or a == _stem(b)


def paraphrase_violations() -> list[str]:
    """One line per content word a paraphrase question shares with its answer's title,
    text or tags; empty when every paraphrase is one."""
    from context_recall.search.analysis import STOPWORDS

    by_key = {memory.key: memory for memory in MEMORIES}
    problems = []
    for question in QUESTIONS:
        if question.kind != "paraphrase":
            continue
        memory = by_key[question.expected]
        answer = _content_words(" ".join((memory.title, memory.text, *memory.tags)), STOPWORDS)
        for word in sorted(_content_words(question.text, STOPWORDS)):
            shared = sorted(other for other in answer if same_word(word, other))
            if shared:
                problems.append(
                    f"{question.expected}: {question.text!r} shares {word!r} with {shared}"
                )
    return problems
