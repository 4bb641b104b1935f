"""A thesaurus of MSP/IT support vocabulary, for expanding a recall query.

Lexical search finds "Sophos web console not loading" only for its own words; a
technician asking about "can't reach the firewall admin page" means the same thing.
``expand`` answers, for the words of a query, the other ways technicians say the things
it names, which the caller may add to the search (at a lower weight: they are guesses).

**Groups.** ``CONCEPTS`` holds groups of words and short phrases that a technician uses
interchangeably in a support context. Merely related things (backup / restore, NDR /
mailbox) are separate groups, and a phrase is only a member when it is not just the sum of
its words (``remote desktop`` is not a kind of desktop), because a phrase that matches
takes its words away from any shorter member (see below). Members are written in American
spelling (``SPELLING`` maps British spellings and common misspellings onto it), singular,
and verbs in their base form: matching folds the query's plurals and -ed/-ing forms onto
them, and a prefix search on the base already finds the inflected forms in the notes.

**Matching.** ``expand`` takes the lower-cased word tokens of the query, as
``analysis.tokenize`` cuts them -- all of them, stopwords included, since phrases such
as ``log on`` or ``out of office`` are made of them. Before matching, each token is put in
its canonical spelling and every negation becomes ``not`` (``can't``, ``cannot``,
``won't``, ``doesn't``, ``isn't``, ``unable to`` ...), so one member covers all of them.
Left to right, the longest member starting at a token wins and its tokens are consumed;
a few stop phrases (``in case``, ``drop down``) consume tokens and expand to nothing.
"""

from __future__ import annotations

import functools
import re

__all__ = [
    "CONCEPTS",
    "MISSPELLINGS",
    "REGIONAL_SPELLING",
    "SPELLING",
    "STOP_PHRASES",
    "canonical_spelling",
    "expand",
]

_CONCEPTS_TEXT = """
# Management interfaces
web ui | web interface | web console | web gui | web portal | web admin | webui | webgui |
    webadmin | admin page | admin portal | admin console | admin panel | admin interface |
    admin ui | admin center | management console | management interface | management portal |
    management page | management ui | gui | dashboard | console
out of band | oob | idrac | ilo | ipmi | bmc | lights out
# Email
# An inbox is a folder of a mailbox, but users say either for the whole thing; "mail"
# and "email" are the messages or the service, never the mailbox or the client.
email | e-mail | mail
mailbox | inbox | mail box
shared mailbox | shared inbox | generic mailbox | shared email account |
    team mailbox | department mailbox | generic email | info mailbox |
    functional mailbox | role mailbox
outlook | outlook client | email client | mail client | outlook app
mail server | email server | exchange server | exchange | on-prem exchange |
    on-premises exchange | on premise exchange
exchange online | exo | office 365 email | o365 email | m365 email | 365 email
owa | outlook web access | outlook web app | webmail | web mail | outlook online
mail flow | mailflow | email flow | mail delivery | email delivery | message delivery
ndr | non-delivery report | bounce back | bounceback | bounce message | bounced email |
    email bounce | mail bounce | undeliverable | delivery failure |
    delivery status notification
spam | junk | junk mail | junk email | junk folder | spam folder | unsolicited email
phishing | phish | phishing email | phishing attempt | suspicious email | scam email |
    malicious email | spoofed email | email spoofing | dodgy email | fake email |
    fraudulent email | suspicious link | phishing link | malicious link | scam
email filter | mail filter | spam filter | email security | email gateway | mail gateway |
    exchange online protection | eop | defender for office | mimecast | proofpoint
out of office | ooo | oof | auto reply | automatic reply | autoreply | away message |
    vacation reply | vacation responder
email forwarding | mail forwarding | forwarding rule | auto forward | autoforward
inbox rule | mailbox rule | outlook rule | email rule | mail rule
not receiving email | not getting email | email not arriving | no incoming email |
    can't receive email | missing email | not receiving mail
can't send | not sending | stuck in outbox | outbox | send failure
calendar | diary | outlook calendar
delegate access | delegation | delegate | mailbox delegation | mailbox access |
    full access permission
archive | online archive | archive mailbox | in-place archive | email archive |
    mail archive
alias | email alias | proxy address | proxyaddress | smtp alias | secondary address
distribution list | distribution group | dist list | mailing list | email list |
    email group | contact group | group email | all staff email | all-staff list | dl | distro |
    distro list | mail-enabled group
smtp relay | mail relay | email relay | smtp | smtp server | smarthost | smart host |
    relay server
email migration | mail migration | mailbox migration | mailbox move | migrationwiz |
    bittitan
# Security
# Technicians say "the AV" for whatever endpoint product a client runs: the products
# named here are endpoint protection and nothing else (bare "sophos" is also a firewall).
antivirus | anti-virus | av | anti-malware | antimalware | endpoint protection |
    endpoint security | edr | xdr | defender | windows defender | microsoft defender |
    defender for endpoint | mde | windows security | virus protection | virus scanner |
    malware protection | sentinelone | sentinel one | crowdstrike | bitdefender | webroot |
    eset | malwarebytes | sophos endpoint | intercept x | s1 | crowdstrike falcon | falcon |
    huntress | cylance | carbon black | mdr
virus scan | av scan | antivirus scan | malware scan | full scan | quick scan |
    defender scan | offline scan
virus | malware | infection | infected | trojan | spyware
ransomware | ransomware attack | cryptolocker | crypto locker | ransom note | ransom |
    crypto virus | encrypted file | file encrypted | ransom demand
hacked | compromised | breached | security breach | breach | data breach | cyber attack |
    cyberattack | cyber incident | security incident | attacked
compromised account | account compromise | hacked account | account takeover |
    compromised mailbox | hacked email | bec | business email compromise
impossible travel | atypical travel | risky sign-in | suspicious sign-in | unusual sign-in |
    unfamiliar sign-in | suspicious login | unusual login | suspicious logon
whitelist | allowlist | allow list | safelist | safe list | safe sender | exclusion
blacklist | blocklist | block list | denylist | deny list | blocked sender |
    blocked senders list
# The host's own firewall, never the network's: the phrase outranks "firewall".
windows firewall | defender firewall | windows defender firewall | host firewall |
    local firewall | host-based firewall
vulnerability | vuln | cve | security vulnerability | security flaw | security hole
security awareness | security awareness training | awareness training | phishing training |
    security training | cyber awareness | phishing simulation | simulated phishing | knowbe4
conditional access | ca policy | conditional access policy | sign-in policy | login policy |
    named location | trusted location | geoblocking | geo-blocking | country blocking
password manager | password vault | bitwarden | lastpass | 1password | passportal |
    keeper security
bitlocker | disk encryption | drive encryption | device encryption | full disk encryption |
    fde | filevault
recovery key | bitlocker key | bitlocker recovery key | bitlocker recovery |
    recovery password | unlock key | 48-digit key
laps | windows laps | local admin password | local administrator password | laps password |
    legacy laps
web filter | content filter | url filter | dns filter | website blocked | blocked website |
    site blocked | blocked site
# Sign-in and identity
login | log in | logon | log on | sign in | signin | sign on | authenticate |
    authentication | auth
login failed | failed login | can't log in | can't login | can't sign in | sign-in failed |
    failed sign-in | authentication failed | authentication failure | auth failure |
    logon failure | failed logon | login error | sign-in error | login issue | login problem
wrong password | incorrect password | invalid password | bad password | password incorrect |
    invalid credential | incorrect credential | bad credential | wrong credential |
    password not accepted
# "Credentials" includes the user name, but "reset her credentials" means the password.
password | passphrase | passwd | pwd | pw | credential | creds | login details |
    login credential | username and password
password reset | reset password | reset the password | pw reset | password change |
    change password | change the password | forgot password | forgotten password
sspr | self-service password reset | own password | password writeback |
    self-service reset
password expired | expired password | password expiry | password expiration
password prompt | credential prompt | login prompt | prompt for password |
    ask for password | keeps prompting | password popup
mfa | 2fa | multi-factor | multifactor | multi-factor authentication | two-factor |
    two-factor authentication | 2-factor | two-step | 2-step | two-step verification | 2sv |
    authenticator | authenticator app | microsoft authenticator | otp | one-time password |
    one-time code | verification code | second factor | 2nd factor | sms code | text code |
    security code | mfa code | 2fa code | mfa prompt | duo | duo mobile |
    google authenticator | authy | okta verify | number matching
account | user account | user
username | user name | login name | logon name | upn | user principal name |
    samaccountname | user id | userid | login id
locked out | lockout | lock out | account locked | locked account | account lockout |
    account locked out
account disabled | disabled account | account deactivated | deactivated account |
    sign-in blocked | blocked sign-in | block sign-in
user profile | windows profile | profile | local profile | roaming profile |
    roaming user profile
temporary profile | temp profile | temporary user profile
admin account | administrator account | admin user | admin | administrator
admin rights | administrator rights | admin privilege | administrator privilege |
    admin permission | admin access | local admin | local admin rights | local administrator |
    elevated rights | elevated privilege | elevation | run as admin | run as administrator |
    uac prompt | uac
service account | svc account | managed service account | gmsa
security group | ad group | access group | permission group
permission | access rights | rights | access permission | acl | access control list |
    ntfs permission | ntfs rights | folder permission | file permission | share permission |
    ntfs | who can open | who can edit | who can access | who has access | folder access |
    security tab
access denied | permission denied | access is denied | unauthorized | not authorized |
    forbidden | 403 forbidden | no permission | no access | don't have access |
    don't have permission | insufficient permission | insufficient privilege | not permitted
entra | entra id | microsoft entra | azure ad | azure active directory | aad | azuread
# A domain controller is where Active Directory lives; nobody means a different thing.
active directory | ad | ad ds | domain controller | dc | ad server |
    active directory server | logon server | on-prem ad | on-premises ad | local ad
azure ad connect | aad connect | entra connect | ad connect | ad sync | adsync |
    azure ad sync | dirsync | directory sync | directory synchronization | entra cloud sync
domain join | join the domain | join domain | add to domain
trust relationship | secure channel | broken trust
group policy | gpo | group policy object
# Microsoft 365 and licensing
tenant | m365 | microsoft 365 | office 365 | o365 | office365 | microsoft365 | ms365 | 365 |
    m365 tenant | 365 tenant | office 365 tenant
# Not bare "office": that is where the client works.
microsoft office | ms office | office apps | office suite | office 365 apps |
    microsoft 365 apps | m365 apps | office applications
intune | microsoft intune | mdm | endpoint manager | microsoft endpoint manager |
    mobile device management | device management
license | licensing | seat | subscription | sku
product key | license key | activation key | serial key | cd key
unlicensed | unlicensed product | no license | not licensed | missing license
expired | expiry | expiration | expire | lapsed | renewal | renew | due for renewal |
    expiry date | expiration date
certificate | cert | ssl certificate | tls certificate | ssl cert | tls cert | ssl | tls |
    x.509 | x509 | https certificate
certificate error | cert error | certificate warning | cert warning | ssl error |
    ssl warning | tls error | untrusted certificate | invalid certificate | not secure |
    privacy error
# Computers and servers
pc | computer | workstation | desktop | laptop | machine | endpoint | desktop pc |
    desktop computer
server | host | srv
hypervisor | hyper-v | hyperv | hyper-v host | hyper-v server | esxi | esxi host |
    vmware host | vsphere host | proxmox host | virtualization host | vm host | vsphere |
    vcenter | vmware | esx | proxmox | virtualization | virtualization platform | xenserver |
    xcp-ng | nutanix
vm | virtual machine | virtual server | guest vm | guest os | guest machine | virtual instance
snapshot | checkpoint | vm snapshot | vm checkpoint | hyper-v checkpoint
restart | reboot | re-boot | bounce | power cycle | powercycle | hard reboot |
    hard restart | cold boot | cold start | force restart | force reboot
shutdown | shut down | power off | power down
won't turn on | won't power on | no power | won't switch on | dead laptop
won't boot | not booting | boot failure | fail to boot | boot error | no bootable device |
    boot loop | bootloop
crash | bsod | blue screen | stop error | stop code | bugcheck | bug check | kernel panic |
    closes unexpectedly | quits unexpectedly | app crash | application crash
freeze | frozen | froze | hang | hung | lock up | not responding | unresponsive | stuck |
    stalled
slow | sluggish | slowness | laggy | lag | latency | high latency | poor performance |
    performance issue | performance problem | slow performance | slowdown | slow down |
    running slow | takes forever
high cpu | cpu usage | cpu spike | 100% cpu | cpu load | processor usage |
    high processor usage | cpu maxed
high memory | memory usage | ram usage | out of memory | low memory | memory pressure |
    high ram usage
ram | memory | system memory
cpu | processor
won't open | not opening | fail to open | won't launch | not launching | fail to launch |
    won't start | not starting | fail to start
# Storage, files and backup
disk | drive | hard drive | hard disk | hdd | ssd | nvme | storage | physical disk
volume | partition | logical drive | c drive | system drive | os drive | boot drive
disk full | full disk | drive full | storage full | out of space | low disk space |
    low disk | low space | low storage | disk space | no space left | no free space |
    disk is full | drive is full | insufficient space | insufficient disk space
mailbox full | mailbox is full | full mailbox | mailbox quota | mailbox size limit |
    inbox full | quota exceeded | over quota
failed drive | failed disk | drive failure | disk failure | dead drive | dead disk |
    bad drive | bad disk | degraded array | raid degraded | degraded raid | predictive failure |
    smart error | smart failure
usb stick | usb drive | flash drive | thumb drive | memory stick | pen drive | usb key |
    usb flash drive | removable media | removable storage | removable drive | usb storage |
    external drive | external hard drive | external hdd | portable drive
# In a small office the file server often is the NAS; both brands make nothing else.
file server | fileserver | nas | storage server | network storage |
    network attached storage | synology | qnap | file appliance | storage box |
    storage appliance | nas box | nas drive | nas device | diskstation | readynas
share | shared folder | network share | file share | network folder | shared drive |
    network drive | mapped drive | mapped network drive | drive mapping | unc path | smb share |
    network location | department folder | team folder | common drive | company drive |
    s drive | shared area | public drive
sharepoint | sharepoint online | spo | sharepoint site | team site | intranet |
    company intranet | staff portal | communication site | document library |
    sharepoint library
onedrive | one drive | onedrive for business | odfb
sync | synchronization | synchronize | synch
sync error | sync issue | sync problem | sync failure | sync failed | not syncing |
    won't sync | stopped syncing | out of sync
restore | recover | recovery | file restore | file recovery | data recovery | bring back |
    undelete | restore from backup | recover file
deleted file | accidentally deleted | lost file | missing file | lost data | data loss
missing | disappeared | vanished | gone missing | not showing | not appearing |
    not visible | doesn't show | doesn't appear | can't find | can't see
# The products are backup software and nothing else; "datto" is also an RMM.
backup | back up | backup job | backup copy | backup task | backup set | veeam | acronis |
    backup exec | storagecraft | shadowprotect | axcient
backup failed | failed backup | backup failure | backup error | backup not running |
    backup didn't run | missed backup
offsite backup | off-site backup | cloud backup | offsite copy | off-site copy |
    offsite replication
# Network
internet | internet connection | internet access | wan | broadband | wan link |
    wan connection | internet line | internet circuit | isp circuit | leased line |
    dedicated internet access | dia | fiber line | fiber connection | broadband line | adsl |
    vdsl | fttp | fttc | dsl
no internet | internet down | internet outage | lost internet | internet not working |
    no internet access | wan down | isp outage | no connectivity | line down | leased line down
isp | internet provider | internet service provider | broadband provider
modem | isp router | isp modem | isp box | ont | nte | cable modem | dsl modem |
    fiber modem
backup internet | backup line | backup link | backup connection | secondary wan |
    secondary internet | 4g backup | lte backup | 4g failover | wan failover | dual wan |
    4g router | secondary connection | secondary line | secondary link | backup circuit |
    standby line
# In a small office the router, the gateway and the edge device are one box; the
# firewall is kept apart because many sites have both (ISP router, own firewall).
router | gateway | edge router | internet gateway | edge device
# Not "fw": technicians write it for firmware as often as for firewall.
firewall | utm | ngfw | next-gen firewall | next generation firewall | security appliance |
    fortigate | sonicwall | watchguard | pfsense | opnsense | sophos xg | sophos xgs |
    sophos firewall | sophos utm | meraki mx | palo alto
firewall rule | firewall policy | access rule | allow rule | firewall exception | fw rule |
    security rule
port forward | nat rule | dnat | destination nat | inbound nat | port mapping | virtual ip |
    open port | open a port | pinhole
# Client VPN, which users call remote access; a site-to-site tunnel is another thing.
vpn | remote access | remote access vpn | ssl vpn | client vpn | vpn client |
    vpn connection | anyconnect | globalprotect | always on vpn | aovpn
site-to-site | s2s | ipsec tunnel | vpn tunnel | ipsec vpn | tunnel | ipsec | l2l |
    lan to lan
remote support | remote session | remote control | remote assistance | screenconnect |
    screen connect | connectwise control | teamviewer | anydesk | splashtop | quick assist |
    remote in
rdp | remote desktop | remote desktop connection | mstsc | rdp session |
    remote desktop session
rds | remote desktop services | terminal server | terminal services | rdsh | session host |
    rd session host | rds server
dns | name resolution | dns resolution | dns lookup | dns query | not resolving |
    can't resolve
dhcp | dhcp lease | ip lease | address assignment | ip assignment | dynamic ip |
    dhcp server
# No answer from DHCP is what leaves a machine with a 169.254 address.
apipa | 169.254 | self-assigned ip | self-assigned address | no ip address | no ip
static ip | fixed ip | static address | fixed address | static ip address | manual ip |
    dhcp reservation | ip reservation | reserved ip | reserved address | address reservation
public ip | external ip | wan ip | public address | external address | public ip address
ip address | ip | ip addr | ipv4 address | ipv4
ip conflict | duplicate ip | ip address conflict | address conflict
network | lan | local network | office network | internal network | corporate network |
    company network
network down | network outage | network is down | lan down | network went down
offline | down | went down | gone down | went offline | gone offline | outage |
    unavailable
unreachable | not reachable | can't reach | inaccessible | not accessible | can't access |
    not loading | won't load | fail to load | can't get to
can't connect | not connecting | fail to connect | connection failed | connection failure |
    connection error | connection issue | connection problem | connectivity issue |
    connectivity problem | no connection
timed out | times out | timing out | timeout | time out
disconnect | disconnection | drop out | keeps dropping | keeps disconnecting |
    dropped connection | connection drop | lost connection | connection lost |
    intermittent connection | flapping
packet loss | dropped packet | packet drop | lost packet
bandwidth | throughput | link speed | line speed | internet speed | connection speed |
    network speed
intermittent | intermittently | sporadic | sporadically | on and off | comes and goes
switch | network switch | ethernet switch | lan switch
wall port | wall jack | network jack | data point | network point | network socket |
    ethernet port | lan port | network port | data port | ethernet jack
network cable | ethernet cable | patch cable | patch cord | patch lead | lan cable | cat5 |
    cat5e | cat6 | cat6a | ethernet lead | network lead
wired | ethernet | wired connection | hardwired | hard-wired | wired network
wifi | wi-fi | wireless | wlan | wireless network | wifi network | ssid | wifi connection |
    wireless connection
access point | wap | wireless access point | wifi access point | wifi ap | wireless ap | ap |
    wifi point | wifi hotspot | wireless hotspot | unifi ap | meraki mr
guest wifi | guest wi-fi | guest network | guest wireless | guest ssid | visitor wifi
wifi password | wi-fi password | wireless password | wifi key | wireless key | network key |
    wpa key | wpa2 key | wifi passphrase
weak signal | poor signal | bad signal | low signal | dead spot | dead zone |
    poor coverage | weak wifi | poor reception | bad reception | wifi coverage |
    signal strength
# VLANs are how a small office separates its networks; technicians and users say
# either for the same thing.
network segmentation | segmentation | segregation | network segregation | network segment |
    network zone | security zone | separate network | isolated network | network isolation |
    microsegmentation | micro-segmentation | vlan | virtual lan | 802.1q | dot1q | vlan tag |
    tagged vlan | subnet | subnetwork | ip subnet | trunk port | tagged port
network adapter | nic | network card | network interface card | ethernet adapter |
    lan adapter | network interface | wifi adapter | wireless adapter | wireless card |
    wifi card
website | web site | web page | webpage
domain name | web domain | website domain | email domain | custom domain
browser | web browser | internet browser
clear cache | clear the cache | clear browser cache | clear cookie | clear browsing data |
    delete cookie
# Tools and system
scheduled task | task scheduler | scheduled job | cron job | cron
event log | event viewer | eventvwr | windows event log | windows logs | system log |
    application log
ntp | ntp server | time sync | time synchronization | time server | clock sync
sql server | sql | mssql | ms sql | database server | db server | sql instance
# Changes to software
# A "patch panel" is hardware: its own group keeps it away from "patch".
update | patch | upgrade | hotfix | security update | security patch
windows update | cumulative update | patch tuesday | quality update
install | installation | deploy | deployment | roll out | rollout | push out | set up |
    setup
uninstall | un-install | uninstallation | remove program | remove software |
    remove the app | programs and features | add remove programs | apps and features
reinstall | re-install | clean install | fresh install
reimage | re-image | wipe and reload | wipe and rebuild | factory reset | reset this pc
application | app | program | software
lob app | lob application | line of business | business app | business application
configuration | config | configure | setting
end of life | eol | end of support | out of support | unsupported | eos
# Symptoms, outcomes and work
broken | not working | stopped working | doesn't work | faulty | malfunctioning |
    defective | playing up | acting up
error | failure | fail | fault
alert | alarm | warning
fixed | resolved | solved | working again | back online | back to normal | came back up
# MSP tooling and people
rmm | rmm agent | rmm tool | remote monitoring | ninjaone | ninjarmm | ninja rmm |
    datto rmm | n-able | n-central | connectwise automate | labtech | kaseya | atera | syncro
psa | ticketing system | ticket system | helpdesk system | connectwise manage |
    connectwise psa | autotask | halopsa | halo psa
ticket | support ticket | incident | case | service request | support request |
    support case
help desk | helpdesk | service desk | support desk | it support | support team
technician | tech | engineer | field engineer | field tech | support engineer |
    it engineer | it technician | onsite engineer
onsite | on-site | site visit | onsite visit | on-site visit
client | customer | end client
end user | enduser | staff member | employee | staff | team member | personnel
receptionist | front desk | reception | reception desk | front office | front of house
office manager | practice manager | office administrator | office admin
it contact | point of contact | poc | main contact | primary contact | key contact |
    site contact | it champion
onboard | on-board | new starter | new hire | new user | new employee | joiner |
    new joiner
offboard | off-board | leaver | leaver process | departing employee | terminated employee |
    terminated user | deprovision | user exit | employee exit
after hours | out of hours | outside business hours | outside hours | outside working hours |
    off hours | afterhours |
    overnight | evening work | weekend work
maintenance window | change window | scheduled maintenance | planned maintenance |
    planned outage | planned downtime | scheduled downtime | patch window | update window |
    reboot window | maintenance period
documentation | docs | runbook | sop | standard operating procedure | kb article |
    knowledge base | kb | it glue | itglue | hudu
# Hardware and peripherals
hostname | host name | computer name | machine name | device name | pc name | netbios name
mac address | physical address | hardware address | mac addr
mac | macbook | macbook pro | macbook air | imac | macos | mac os | os x | osx |
    apple computer | apple laptop
mobile | mobile phone | cell phone | cellphone | smartphone | mobile device
phone | desk phone | deskphone | handset | voip phone | ip phone | sip phone | telephone |
    yealink | polycom | poly phone | grandstream | snom | cordless phone | dect phone
phone system | pbx | ip pbx | hosted pbx | cloud pbx | voip | voip system | telephony |
    telephone system | 3cx | hosted voip | cloud phone system | ucaas | teams phone |
    teams calling | ringcentral | 8x8 | dialpad | phone service
voicemail | voice mail | voice message | answerphone | answering machine | voice mailbox
call quality | choppy audio | choppy call | robotic voice | garbled audio |
    poor call quality | bad call quality | jitter | breaking up | cutting out
teams | microsoft teams | ms teams | teams app | teams client
no sound | no audio | sound not working | audio not working | can't hear
monitor | screen | display | external monitor | external display | external screen |
    second monitor | second screen
black screen | blank screen | no display | no signal | no picture
docking station | dock | usb-c dock | thunderbolt dock | port replicator
ups | battery backup | uninterruptible power supply | battery backup unit | ups unit |
    power backup | battery unit | emergency power | backup power | apc | apc ups | eaton ups |
    smart-ups
power outage | power cut | power failure | power loss | lost power | loss of power |
    blackout | power went out | mains failure | mains power failure
printer | mfp | mfd | copier | photocopier | multifunction printer |
    multi-function printer | multifunction device | multi-function device
print queue | printer queue | print spooler | spooler | spooler service
can't print | not printing | printing issue | print issue | printing problem |
    printer not working | printer offline | printer issue | printer problem
printer driver | print driver | universal print driver | pcl driver
paper jam | jammed | jam | paper stuck | misfeed
toner | ink | cartridge | toner cartridge | ink cartridge
scanner | scan | document scanner
scan to email | scan to mail | scan2email | scan to e-mail
scan to folder | scan to network | scan to smb | scan to share | scan to file |
    scan2folder
new laptop | new pc | new computer | new machine | new workstation | replacement laptop |
    replacement pc | hardware refresh | pc refresh | laptop refresh
# Power
brownout | brown out | power dip | power sag | voltage sag | voltage dip | power flicker |
    power blip | dirty power | undervoltage
power surge | surge | voltage spike | power spike | lightning strike | overvoltage
surge protector | surge protection | surge suppressor | surge strip | surge protected strip
generator | backup generator | standby generator | genset | gen set | diesel generator
pdu | power distribution unit | rack pdu | switched pdu | metered pdu | managed pdu
power strip | extension lead | extension cord | power board | power bar | multi plug |
    gang socket | multi-socket
battery | battery pack | battery cell
battery replacement | replace battery | replacement battery | battery swap | new battery
beep | beeping noise | beeping sound | chirp | audible alarm | alarm sounding
psu | power supply | power supply unit
charger | laptop charger | power adapter | power brick | ac adapter | charging cable |
    charging lead
not charging | won't charge | charging issue | battery not charging | not holding charge
# Facilities and physical security
# The recorder is what technicians log into; users say "the cameras" for the lot.
cctv | security camera | surveillance camera | surveillance | cctv camera | ip camera |
    camera system | cctv system | nvr | dvr | network video recorder | digital video recorder |
    cctv recorder | hikvision | dahua | unifi protect
access control | door access | door entry | door entry system | badge | badge access |
    badge reader | key fob | door fob | keycard | key card | card reader | swipe card |
    prox card | proximity card | door controller | paxton
server room | comms room | wiring closet | comms cupboard | network closet | data closet |
    it closet | server closet | server cupboard | idf | mdf | telecom room | equipment room |
    communications room | comms closet
server rack | rack | network rack | comms rack | data rack | comms cabinet | network cabinet |
    data cabinet | wall cabinet | rack cabinet
patch panel | patch bay | patch field
hvac | air conditioning | aircon | air con | ac unit | air conditioner | cooling |
    cooling system | climate control | server room cooling
overheat | too hot | high temperature | temperature | over temperature | thermal shutdown |
    running hot | temperature alarm | temperature alert | thermal throttling | heat alarm
environmental monitoring | temperature sensor | temp sensor | environment sensor |
    humidity sensor | water sensor | leak sensor
data center | datacenter | colo | colocation | colocation facility | co-location
cabling | structured cabling | network cabling | data cabling | cable run | recabling
# Network
dmz | demilitarized zone | perimeter network | screened subnet
nat | network address translation | snat | source nat | outbound nat |
    port address translation | masquerade | hide nat
failover | fail over | redundancy | high availability | ha pair | ha cluster |
    fault tolerance | fault tolerant | resilience | resiliency
sd-wan | sdwan | software-defined wan | velocloud | meraki sd-wan
roaming | roam | wifi roaming | handoff | hand off | handover | fast roaming | 802.11r |
    fast transition
mobile hotspot | hotspot | personal hotspot | tethering | tether | mifi |
    4g dongle | mobile broadband
dhcp scope | ip pool | address pool | ip address pool | dhcp pool | dhcp range | ip range |
    address range | scope option
scope exhausted | scope full | dhcp exhaustion | lease exhaustion | pool exhausted |
    no free ip | no free address | ip exhaustion | dhcp full
wifi controller | wireless controller | unifi controller | unifi network | omada controller |
    wlc | cloud key
poe | power over ethernet | poe injector | poe switch | poe budget
sfp | sfp module | transceiver | gbic | optic | optical module | mini-gbic
network loop | switching loop | broadcast storm | bridging loop | layer 2 loop
802.1x | dot1x | wpa2 enterprise | wpa enterprise | wpa3 enterprise | radius | nps |
    network policy server | radius server
captive portal | splash page | wifi login page | guest portal | wifi portal
speed test | speedtest | bandwidth test | internet speed test | ookla
proxy | proxy server | web proxy | proxy setting | pac file | wpad
network monitoring | auvik | prtg | domotz | snmp monitoring | librenms | observium
# Identity and Microsoft 365
known folder move | kfm | folder redirection | redirected folder | desktop redirection |
    onedrive backup | folder backup
chat | instant message | instant messaging | im | teams chat | teams message |
    direct message | group chat | slack
room mailbox | meeting room | conference room | boardroom | board room | room booking |
    meeting room booking | resource mailbox | resource calendar | room calendar |
    room resource | book a room | room list | equipment mailbox
video conferencing | video conference | video call | video meeting | teams room |
    microsoft teams room | mtr | zoom room | conference camera | meeting room camera
calendar sharing | shared calendar | calendar permission | share calendar |
    calendar access | calendar delegation
sensitivity label | sensitivity labeling | data classification | document classification |
    classification label | information protection | azure information protection | aip |
    mip | purview information protection
dlp | data loss prevention | data leak prevention | dlp policy | data leakage |
    dlp rule
retention policy | retention | retention period | retention tag | retention label |
    data retention | retention setting
litigation hold | legal hold | in-place hold | ediscovery hold | preservation hold
ediscovery | e-discovery | content search | compliance search
guest access | guest user | external user | guest account | b2b | azure b2b |
    external sharing | share externally | external access | sharing link | anyone link |
    anonymous link | external collaboration
unassigned license | unused license | idle license | spare license | unallocated license |
    surplus license | wasted license | license waste | over-licensed | license cleanup
license server | network license | flexlm | flexnet | license manager | floating license |
    concurrent license
google workspace | g suite | gsuite | google apps | google admin
gmail | google mail
apple id | icloud | apple account | icloud account
apple business manager | abm | dep | device enrollment program | apple school manager
jamf | jamf pro | kandji | mosyle | mac mdm | apple mdm
autopilot | windows autopilot | autopilot profile | zero touch deployment | zero-touch
enrollment | enroll | device enrollment | mdm enrollment | intune enrollment |
    enroll device
noncompliant | non-compliant | not compliant | device not compliant | compliance failure |
    out of compliance
compliance policy | device compliance | intune compliance | compliance rule
email authentication | spf | dkim | dmarc | spf record | dkim record | dmarc record |
    sender authentication
email encryption | encrypted email | secure email | message encryption | ome |
    office message encryption | send secure
email quarantine | quarantined email | held email | held message | quarantine digest |
    quarantine report | spam quarantine
email signature | signature | outlook signature | exclaimer | codetwo | signature block |
    email disclaimer
attachment size | attachment limit | large attachment | attachment too large |
    message size limit | file too large
password policy | password complexity | password requirement | password rule |
    password length | complexity requirement
# Security
siem | microsoft sentinel | azure sentinel | log management | security monitoring | soc |
    managed soc | security operations center | blumira
incident response | incident response plan | irp | incident plan | cyber response plan |
    breach response | ir plan | response plan
tabletop exercise | tabletop | ttx | drill | rehearsal | dry run | exercise | dr test |
    disaster recovery test | practice run | simulation exercise
disaster recovery | business continuity | bcp | business continuity plan | dr plan |
    disaster recovery plan | continuity plan | drp | bcdr plan | dr site
device control | usb blocking | block usb | usb lockdown | removable media policy |
    usb policy | usb restriction
patch management | patch policy | patch schedule | update schedule | update ring |
    patch cycle | patch compliance | wufb | wsus |
    update management
pen test | pentest | penetration test | penetration tester | pen tester
vulnerability scan | vuln scan | vulnerability assessment | vulnerability scanner | nessus |
    qualys | tenable
cyber insurance | cyber insurer | insurance questionnaire | cyber liability |
    cyber policy | cyber cover
cyber essentials | cyber essentials plus
# Servers, storage and backup
raid | raid array | disk array | array | storage array | raid set | raid volume |
    raid controller | perc | hardware raid | smart array
home drive | home folder | h drive | home directory | personal drive | u drive
previous version | shadow copy | volume shadow copy | vss
# Technicians say "the Datto" for the backup appliance; the RMM is "Datto RMM".
bcdr | datto | datto siris | siris | datto alto | alto | backup appliance | bcdr appliance |
    backup device | backup box | datto appliance
instant recovery | instant restore | spin up | virtualize | local virtualization |
    cloud virtualization | boot from backup | run from backup | instant virtualization
cloud storage | dropbox | google drive | icloud drive | cloud drive | box drive
vdi | virtual desktop | azure virtual desktop | avd | wvd | windows virtual desktop |
    citrix | vmware horizon | cloud pc | windows 365 | w365
thin client | zero client | wyse | igel
firmware | bios | uefi | system firmware | bios setting
firmware update | firmware upgrade | bios update | bios upgrade | flash bios | flash the bios
web hosting | hosting | web host | website hosting | hosting provider | cpanel
registrar | domain registrar | godaddy | namecheap | domain registration | domain renewal
# Business applications and OT
accounting software | accounting package | accounting system | accounts package |
    accounts software | bookkeeping | bookkeeping software | finance system |
    finance software | quickbooks | qb | qbo | quickbooks online | quickbooks desktop |
    sage | sage 50 | xero | myob
erp | erp system | epicor | syspro | business central | dynamics 365 | d365 | navision |
    netsuite | odoo | sap
cad | autocad | solidworks | revit | cad software | 3d model | 3d modeling | cad drawing |
    cad file | dwg | technical drawing | engineering drawing
pdm | solidworks pdm | epdm | pdm vault | product data management
# A PLC and the program on it are one thing in a support call.
plc | programmable logic controller | ladder logic | plc program | controller program |
    plc code | automation controller | allen-bradley | rockwell | siemens s7 | s7 |
    tia portal | studio 5000 | rslogix
scada | hmi | human machine interface | operator panel | operator screen | touch panel |
    operator terminal | panelview | wincc | factorytalk | scada system
mes | manufacturing execution system | shop floor system | shop floor software |
    production tracking
label printer | zebra | zebra printer | thermal printer | label maker | dymo |
    barcode printer | shipping label printer
barcode scanner | barcode reader | handheld scanner | scan gun | scanner gun | rf gun |
    rf scanner | handheld terminal
# Printing
secure print | follow me printing | follow-me print | pull printing | print release |
    papercut | uniflow | pin printing | hold print
low toner | toner low | out of toner | toner empty | low ink | ink low | out of ink |
    toner warning | replace toner
drum | drum unit | imaging unit | imaging drum
stuck print job | print job stuck | stuck in queue | stuck job | clear print queue
# Telephony
hunt group | ring group | call queue | call group | ringing group | hunt list | ring all
auto attendant | ivr | phone menu | call menu | digital receptionist | interactive voice response
sip trunk | sip | sip trunking | sip provider | sip line | sip channel | voip trunk |
    direct routing
sip alg | sip helper | alg
phone line | landline | telephone line | pstn | isdn | analog line | pots line | copper line
call forwarding | call forward | divert | call divert | forward call | forward to mobile
phone number | direct dial | ddi | direct line | telephone number
number porting | number port | port request | porting request | lnp |
    local number portability | number transfer
no dial tone | no dialtone | dead line | phone dead | line dead
dropped call | call drop | call cut off | disconnected call | call cutting out
can't make call | can't call out | can't receive call | outbound call fail |
    incoming call fail | call fail
# Peripherals and devices
headset | headphone | earphone | earbud | airpods | ear bud | jabra | plantronics |
    poly headset
webcam | web cam | laptop camera | built-in camera | usb camera
microphone | mic | mic not working | microphone not working
mouse | mice | wireless mouse | trackpad | touchpad | track pad
kiosk | kiosk mode | shared device | shared pc | hot desk | hot desking | hotdesk
# Work, people and the business
decommission | decom | decomm | retire | retirement | sunset | phase out | get rid of |
    ditch | migrate away | move away from | scrap | remove from service
disposal | dispose | e-waste | ewaste | hardware disposal | data destruction |
    drive destruction | disk shredding | certificate of destruction | weee | recycle
contractor | vendor | supplier | third party | 3rd party | external vendor |
    subcontractor | outside vendor | consultant | external contractor
business hours | working hours | opening hours | office hours | core hours | work hours |
    normal hours | trading hours | 9 to 5 | nine to five | during hours
boss | managing director | md | ceo | chief executive | business owner | company owner |
    founder | president | managing partner | senior partner | owner-manager
vip | executive | exec | c-suite | c-level | senior management | senior leadership |
    leadership team | management team
warranty | hardware warranty | warranty cover | care pack | carepack | prosupport |
    applecare | next business day | nbd
sla | service level agreement | service level | sla breach | response target
change request | change control | change management | cab | rfc | change approval
asset inventory | hardware inventory | asset register | asset list | asset management |
    cmdb | device inventory
serial number | service tag | serial no
asset tag | asset label | asset number | asset id
quote | quotation | price quote | proposal
purchase order | po | po number
invoice | billing | invoicing
"""


def _parse(text: str) -> tuple[tuple[str, ...], ...]:
    # One group a line, "|" between members; a line ending in "|" goes on to the next.
    groups: list[tuple[str, ...]] = []
    pending = ""
    for line in text.splitlines():
        line = line.strip()
        if not line or line.startswith("#"):
            continue
        pending += " " + line
        if not line.endswith("|"):
            groups.append(tuple(member.strip() for member in pending.split("|")))
            pending = ""
    return tuple(groups)


# Kept as text rather than as a literal tuple of tuples: compiling two thousand string
# constants costs more than the whole module is allowed for its import.
CONCEPTS: tuple[tuple[str, ...], ...] = _parse(_CONCEPTS_TEXT)


# Word sequences that look like members but mean something else: they take their tokens
# and expand to nothing. Kept to what the groups above would otherwise misread.
STOP_PHRASES: tuple[str, ...] = _parse("""
in case | just in case | use case | edge case | test case | worst case | case sensitive |
upper case | lower case | drop down | pull down | scroll down | hold down | narrow down |
write down | break down | broke down | step down | scale down | turn down | top down |
back up and running | is back up | was back up | it's back up |
are back up | switch to | switch back | switch between | ad hoc
""")[0]


def _pairs(text: str) -> dict[str, str]:
    return dict(pair.split(">") for pair in text.split())


# British spellings (british>american), both ways: a note may use either, so each expands
# to the other.
REGIONAL_SPELLING: dict[str, str] = _pairs("""
licence>license licences>licenses licenced>licensed licencing>licensing
unlicenced>unlicensed organisation>organization organisations>organizations
organisational>organizational organise>organize organised>organized authorise>authorize
authorised>authorized authorising>authorizing authorisation>authorization
unauthorised>unauthorized centre>center centres>centers fibre>fiber tunnelling>tunneling
tunnelled>tunneled cancelled>canceled cancelling>canceling labelled>labeled
labelling>labeling dialled>dialed dialling>dialing signalling>signaling modelling>modeling
enrol>enroll enrols>enrolls enrolment>enrollment enrolments>enrollments behaviour>behavior
colour>color favourite>favorite favourites>favorites neighbour>neighbor catalogue>catalog
dialogue>dialog programme>program programmes>programs analyse>analyze analysed>analyzed
analysing>analyzing optimise>optimize optimised>optimized optimisation>optimization
customise>customize customised>customized customisation>customization prioritise>prioritize
prioritisation>prioritization synchronise>synchronize synchronised>synchronized
synchronisation>synchronization virtualisation>virtualization virtualised>virtualized
virtualise>virtualize virtualising>virtualizing demilitarised>demilitarized
initialise>initialize initialised>initialized recognise>recognize recognised>recognized
utilise>utilize utilisation>utilization minimise>minimize minimised>minimized
maximise>maximize maximised>maximized standardise>standardize centralise>centralize
centralised>centralized categorise>categorize summarise>summarize defence>defense grey>gray
greyed>grayed ageing>aging artefact>artifact
""")

# Typing slips (typo>word): mapped to the word, never expanded the other way.
MISSPELLINGS: dict[str, str] = _pairs("""
pasword>password passowrd>password passwrod>password pssword>password paswords>passwords
certifcate>certificate certficate>certificate cerificate>certificate certicate>certificate
firwall>firewall firewal>firewall exhange>exchange exchnage>exchange outlok>outlook
outllook>outlook emial>email emal>email recieve>receive recieved>received
recieving>receiving adress>address addres>address authenication>authentication
authentification>authentication authentcation>authentication enviroment>environment
enviornment>environment conection>connection connnection>connection conenction>connection
conect>connect disconect>disconnect netowrk>network newtork>network netwrok>network
domian>domain acount>account accout>account permision>permission permisions>permissions
priviledge>privilege priviledges>privileges privelege>privilege maintainance>maintenance
maintenence>maintenance maintanance>maintenance calender>calendar syncronize>synchronize
syncronise>synchronize syncronization>synchronization upgarde>upgrade udpate>update
updte>update instal>install antivrus>antivirus anitvirus>antivirus sharepiont>sharepoint
sharpoint>sharepoint wirless>wireless wireles>wireless serever>server sevrer>server
servre>server priner>printer pritner>printer acess>access acces>access seperate>separate
occured>occurred buisness>business busness>business licens>license
decomission>decommission decommision>decommission decomissioned>decommissioned
maintainence>maintenance phising>phishing ransomeware>ransomware rasomware>ransomware
intenet>internet interent>internet internt>internet surveilance>surveillance
survelance>surveillance genarator>generator generater>generator contracter>contractor
suplier>supplier quickbook>quickbooks solidwork>solidworks sentinal>sentinel
sentinalone>sentinelone bitlocer>bitlocker hypervsior>hypervisor voicmail>voicemail
""")

SPELLING: dict[str, str] = {**REGIONAL_SPELLING, **MISSPELLINGS}

_WORD = re.compile(r"[^\W_]+")  # as analysis.tokenize cuts words

# Negations, reduced to "not": "can't connect", "won't connect" and "unable to connect"
# report the same symptom. Contractions arrive split ("can't" -> "can", "t").
_CONTRACTED = frozenset(
    _WORD.findall(
        "can won don doesn didn isn aren wasn weren couldn wouldn shouldn hasn haven hadn ain"
    )
)
_AUXILIARY = frozenset(
    _WORD.findall("can could will would do does did is are was were has have had should")
)
_FUSED = frozenset(
    _WORD.findall(
        "cannot cant wont dont doesnt didnt isnt arent wasnt werent couldnt wouldnt shouldnt"
        " hasnt havent hadnt"
    )
)

# Inflected forms that must not fold onto these members: "monitoring" is not a screen,
# "switched to" not a network switch, "hosted" not a server, "bounced" usually an email.
_NO_VERB_FOLD = frozenset({"monitor", "switch", "host", "bounce"})
# Words ending in "s" that are not plurals of a member.
_NO_PLURAL_FOLD = frozenset({"has", "was", "its", "ups", "does", "yes", "gas", "bus", "this"})


def canonical_spelling(token: str) -> str:
    """``token`` in the spelling the groups use (American, typos corrected)."""
    token = token.lower()
    return SPELLING.get(token, token)


def _words(text: str) -> tuple[str, ...]:
    return tuple(_WORD.findall(text.lower()))


# Tokens that _normalize does more with than look up their spelling.
_NEGATION_PARTS = _CONTRACTED | _AUXILIARY | _FUSED | {"unable"}
_SPECIAL = _NEGATION_PARTS | SPELLING.keys()


def _normalize(tokens: list[str] | tuple[str, ...]) -> list[str]:
    if _SPECIAL.isdisjoint(tokens):
        return list(tokens)
    out: list[str] = []
    n = len(tokens)
    i = 0
    while i < n:
        token = tokens[i]
        i += 1
        if token not in _SPECIAL:
            out.append(token)
            continue
        if token in _NEGATION_PARTS:
            nxt = tokens[i] if i < n else ""
            if token in _FUSED:
                out.append("not")
                continue
            if (
                (nxt == "t" and token in _CONTRACTED)
                or (nxt == "not" and token in _AUXILIARY)
                or (nxt == "to" and token == "unable")
            ):
                out.append("not")
                i += 1
                continue
        out.append(SPELLING.get(token, token))
    return out


_REGIONAL_ALTERNATIVES: dict[str, tuple[str, ...]] = {}
for _british, _american in REGIONAL_SPELLING.items():
    _REGIONAL_ALTERNATIVES[_american] = (*_REGIONAL_ALTERNATIVES.get(_american, ()), _british)
_SPELLING_WORDS = frozenset(SPELLING) | frozenset(_REGIONAL_ALTERNATIVES)


_BRITISH_OF = frozenset(_REGIONAL_ALTERNATIVES)


def _outputs(words: tuple[str, ...]) -> tuple[tuple[str, ...], ...]:
    """``words`` and, for a word with a British spelling, the same with that spelling."""
    outputs = [words]
    for position, word in enumerate(words):
        for alternative in _REGIONAL_ALTERNATIVES.get(word, ()):
            outputs.append((*words[:position], alternative, *words[position + 1 :]))
    return tuple(outputs)


# A member: (its key -- its words normalized as a query's are --, its group's index or -1
# for a stop phrase, the word tuples it expands to).
_Member = tuple[tuple[str, ...], int, tuple[tuple[str, ...], ...]]


def _build() -> tuple[dict[str, list[_Member]], list[list[_Member]], frozenset[str]]:
    first: dict[str, list[_Member]] = {}
    groups: list[list[_Member]] = [[] for _ in CONCEPTS]
    vocabulary: set[str] = set()
    entries = [(gid, text) for gid, group in enumerate(CONCEPTS) for text in group]
    entries += [(-1, text) for text in STOP_PHRASES]
    findall = _WORD.findall
    for gid, text in entries:
        words = tuple(findall(text))
        key = words if _SPECIAL.isdisjoint(words) else tuple(_normalize(words))
        vocabulary.update(key)
        if gid < 0:
            member: _Member = (key, gid, ())
        else:
            outputs = (words,) if _BRITISH_OF.isdisjoint(words) else _outputs(words)
            member = (key, gid, outputs)
            groups[gid].append(member)
        if key[0] in first:
            first[key[0]].append(member)
        else:
            first[key[0]] = [member]
    return first, groups, frozenset(vocabulary)


_FIRST, _GROUPS, _VOCABULARY = _build()


@functools.lru_cache(maxsize=65536)
def _forms(token: str) -> tuple[str, ...]:
    """``token`` (normalized) and the members' words it may be an inflection of."""
    candidates: list[str] = []
    size = len(token)
    if (
        size >= 3
        and token[-1] == "s"
        and token not in _NO_PLURAL_FOLD
        and not token.endswith(("ss", "us", "is"))
    ):
        candidates.append(token[:-1])
        if token.endswith("es"):
            candidates.append(token[:-2])
        if token.endswith("ies"):
            candidates.append(token[:-3] + "y")
    stems: list[str] = []
    if size >= 5 and token.endswith("ed"):
        stem = token[:-2]
        stems += [stem, token[:-1]]
        if stem[-1] == stem[-2]:
            stems.append(stem[:-1])
        if stem.endswith("i"):
            stems.append(stem[:-1] + "y")
    elif size >= 5 and token.endswith("ing"):
        stem = token[:-3]
        stems += [stem, stem + "e"]
        if stem[-1] == stem[-2]:
            stems.append(stem[:-1])
    candidates += [stem for stem in stems if stem not in _NO_VERB_FOLD]
    forms = [token]
    for candidate in candidates:
        candidate = SPELLING.get(candidate, candidate)
        if candidate in _VOCABULARY and candidate not in forms:
            forms.append(candidate)
    return tuple(forms)


@functools.lru_cache(maxsize=65536)
def _starting(token: str) -> tuple[tuple[_Member, bool], ...]:
    """The members whose first word ``token`` is, or an inflection of; with whether the
    token is that word as written."""
    return tuple(
        (member, f == 0) for f, form in enumerate(_forms(token)) for member in _FIRST.get(form, ())
    )


def expand(tokens: list[str]) -> list[tuple[str, ...]]:
    """The other ways of saying what ``tokens`` (a query's lower-cased words, as
    ``analysis.tokenize`` cuts them) name: for each group a member of which occurs in
    them, its other members as word tuples -- none that the query already holds, each once.
    British or American spellings of the query's words come first, then the groups in the
    order the query names them, each group's members in the order ``CONCEPTS`` lists them.
    """
    if not tokens:
        return []
    norm = _normalize(tokens)
    n = len(norm)
    present: set[tuple[str, ...]] = set()
    chosen: list[tuple[int, _Member]] = []  # (start, member) of the longest match at a start
    for i, token in enumerate(norm):
        starting = _starting(token)
        if not starting:
            continue
        found = None
        for member, exact in starting:
            key = member[0]
            size = len(key)
            if i + size > n:
                continue
            for k in range(1, size):
                if norm[i + k] == key[k]:
                    continue
                if key[k] in _forms(norm[i + k]):
                    exact = False
                    continue
                break
            else:
                if exact:
                    present.add(key)
                # Longest first; then a match as written over one through an inflection;
                # then stop phrases (group -1); then the group listed first.
                rank = (size, exact, -member[1])
                if found is None or rank > found[0]:
                    found = (rank, member)
        if found is not None:
            chosen.append((i, found[1]))

    out: list[tuple[str, ...]] = []
    seen: set[tuple[str, ...]] = set()
    hits = _SPELLING_WORDS.intersection(tokens)
    if hits:
        for token in tokens:
            if token not in hits:
                continue
            canonical = SPELLING.get(token, token)
            for word in (canonical, *_REGIONAL_ALTERNATIVES.get(canonical, ())):
                if word not in hits and (word,) not in seen:
                    seen.add((word,))
                    out.append((word,))

    done: set[int] = set()
    end = 0
    for start, (key, gid, _) in chosen:
        if start < end:
            continue  # inside a longer match
        end = start + len(key)
        if gid < 0 or gid in done:
            continue
        done.add(gid)
        for other, _, outputs in _GROUPS[gid]:
            if other in present:
                continue
            for words in outputs:
                if words not in seen:
                    seen.add(words)
                    out.append(words)
    return out
