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
    functional mailbox | role mailbox | shared email | general inbox | general mailbox |
    reception inbox | reception mailbox
outlook | outlook client | email client | mail client | outlook app | email app | mail app |
    email program
mail server | email server | exchange server | exchange | on-prem exchange |
    on-premises exchange | on premise exchange
exchange online | exo | office 365 email | o365 email | m365 email | 365 email
owa | outlook web access | outlook web app | webmail | web mail | outlook online
mail flow | mailflow | email flow | mail delivery | email delivery | message delivery
ndr | non-delivery report | bounce back | bounceback | bounce message | bounced email |
    email bounce | mail bounce | undeliverable | delivery failure |
    delivery status notification | bounced back | email bounced | message bounced |
    mail delivery subsystem | message wasn't delivered | couldn't be delivered |
    delivery has failed
spam | junk | junk mail | junk email | junk folder | spam folder | unsolicited email
phishing | phish | phishing email | phishing attempt | suspicious email | scam email |
    malicious email | spoofed email | email spoofing | dodgy email | fake email |
    fraudulent email | suspicious link | phishing link | malicious link | scam | smishing |
    vishing | spear phishing | credential harvesting | fake login page | phishing site |
    phishing page | quishing | weird email | strange email | sketchy email |
    suspicious message | suspicious attachment
email filter | mail filter | spam filter | email security | email gateway | mail gateway |
    exchange online protection | eop | defender for office | mimecast | proofpoint
out of office | ooo | oof | auto reply | automatic reply | autoreply | away message |
    vacation reply | vacation responder | auto response | autoresponder | holiday reply
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
    huntress | cylance | carbon black | mdr | mdatp | defender atp | defender antivirus |
    defender av | sophos av | sophos antivirus | sentinelone agent | s1 agent |
    falcon sensor | crowdstrike sensor | cs | gravityzone | eset protect | trend micro |
    apex one | mcafee | norton | kaspersky | symantec | avast | threatdown | vipre |
    cortex xdr | blackpoint | arctic wolf | edr agent | av agent | av software |
    antivirus software | virus checker | security software
virus scan | av scan | antivirus scan | malware scan | full scan | quick scan |
    defender scan | offline scan
virus | malware | infection | infected | trojan | spyware
ransomware | ransomware attack | cryptolocker | crypto locker | ransom note | ransom |
    crypto virus | encrypted file | file encrypted | ransom demand
hacked | compromised | breached | security breach | breach | data breach | cyber attack |
    cyberattack | cyber incident | security incident | attacked
compromised account | account compromise | hacked account | account takeover |
    compromised mailbox | hacked email | bec | business email compromise | email hacked |
    email was hacked | account hacked | account was hacked
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
    named location | trusted location | geoblocking | geo-blocking | country blocking |
    location restriction | location-based access | untrusted location | unknown location |
    blocked country | country block | allowed country | location policy |
    location-based policy | ip restriction | trusted ip | trusted network
# Where the user is: clients say they are at home or away, technicians that they are
# remote; conditional access asks the same.
abroad | overseas | outside the country | foreign country | another country |
    international travel
remote working | remote work | work from home | wfh | home working | work remotely |
    remote worker | remote user | homeworker | home worker | telework | from home |
    outside the office | away from office | home office | at home | hybrid working |
    hybrid worker | hybrid work | on the road | road warrior | mobile worker | remote staff |
    off network | off the network | outside the network | work offsite | work off-site |
    working away
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
    authentication | auth | log into | sign into | log onto | sign onto
login failed | failed login | can't log in | can't login | can't sign in | sign-in failed |
    failed sign-in | authentication failed | authentication failure | auth failure |
    logon failure | failed logon | login error | sign-in error | login issue | login problem |
    can't get in | can't get into | login not working | sign-in not working | rejected login
wrong password | incorrect password | invalid password | bad password | password incorrect |
    invalid credential | incorrect credential | bad credential | wrong credential |
    password not accepted | password doesn't work
# "Credentials" includes the user name, but "reset her credentials" means the password.
password | passphrase | passwd | pwd | pw | credential | creds | login details |
    login credential | username and password
password reset | reset password | reset the password | pw reset | password change |
    change password | change the password | forgot password | forgotten password |
    forgot my password | forgotten my password | reset my password | change my password |
    can't remember password | forgot the password | temporary password | temp password
sspr | self-service password reset | own password | password writeback |
    self-service reset | password reset portal | self-service | reset themselves |
    reset it themselves | reset own password | password self-service
password expired | expired password | password expiry | password expiration
password prompt | credential prompt | login prompt | prompt for password |
    ask for password | keeps prompting | password popup | keeps asking
mfa | 2fa | multi-factor | multifactor | multi-factor authentication | two-factor |
    two-factor authentication | 2-factor | two-step | 2-step | two-step verification | 2sv |
    authenticator | authenticator app | microsoft authenticator | otp | one-time password |
    one-time code | verification code | second factor | 2nd factor | sms code | text code |
    security code | mfa code | 2fa code | mfa prompt | duo | duo mobile |
    google authenticator | authy | okta verify | number matching | sign-in code | login code |
    authentication code | text message code | 6-digit code | six-digit code | approve sign-in |
    sign-in approval | one-time passcode | sms verification | mfa push | push approval |
    authenticator push | verification prompt | identity verification |
    additional verification | extra verification | verify identity | texted code |
    mfa request | mfa notification | authenticator notification | phone approval
account | user account | user | acct
username | user name | login name | logon name | upn | user principal name |
    samaccountname | user id | userid | login id
locked out | lockout | lock out | account locked | locked account | account lockout |
    account locked out | account is locked | too many attempts | lock me out | keeps locking |
    account keeps locking | too many tries | badpwdcount | bad password count |
    lockout source
account disabled | disabled account | account deactivated | deactivated account |
    sign-in blocked | blocked sign-in | block sign-in | disable account | disable the account |
    disable user | disable the user | deactivate account | deactivate user
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
    security tab | access level | permission level | who can see | who can view |
    folder rights | sharing permission | sharing settings
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
license | licensing | seat | subscription | sku | user seat | per seat | per-user |
    license plan | subscription plan | seat license | license tier
product key | license key | activation key | serial key | cd key
unlicensed | unlicensed product | no license | not licensed | missing license
expired | expiry | expiration | expire | lapsed | renewal | renew | due for renewal |
    expiry date | expiration date | lapse | not renewed | no longer valid | valid until |
    auto-renew | auto-renewal | renewal date | renewal notice | up for renewal |
    annual renewal
certificate | cert | ssl certificate | tls certificate | ssl cert | tls cert | ssl | tls |
    x.509 | x509 | https certificate
certificate error | cert error | certificate warning | cert warning | ssl error |
    ssl warning | tls error | untrusted certificate | invalid certificate | not secure |
    privacy error | connection not private
# Computers and servers
pc | computer | workstation | desktop | laptop | machine | endpoint | desktop pc |
    desktop computer | computer tower | pc tower | tower pc
server | host | srv | server box | server machine
hypervisor | hyper-v | hyperv | hyper-v host | hyper-v server | esxi | esxi host |
    vmware host | vsphere host | proxmox host | virtualization host | vm host | vsphere |
    vcenter | vmware | esx | proxmox | virtualization | virtualization platform | xenserver |
    xcp-ng | nutanix
vm | virtual machine | virtual server | guest vm | guest os | guest machine | virtual instance
snapshot | checkpoint | vm snapshot | vm checkpoint | hyper-v checkpoint
restart | reboot | re-boot | bounce | power cycle | powercycle | hard reboot |
    hard restart | cold boot | cold start | force restart | force reboot | cycle power |
    cycle the power | soft reboot | warm reboot | quick restart
shutdown | shut down | power off | power down
won't turn on | won't power on | no power | won't switch on | dead laptop | won't come on |
    won't power up | completely dead | totally dead | dead pc | dead computer | no lights
won't boot | not booting | boot failure | fail to boot | boot error | no bootable device |
    boot loop | bootloop
crash | bsod | blue screen | stop error | stop code | bugcheck | bug check | kernel panic |
    closes unexpectedly | quits unexpectedly | app crash | application crash | psod |
    purple screen
freeze | frozen | froze | hang | hung | lock up | not responding | unresponsive | stuck |
    stalled | spinning wheel | spinning circle | beach ball | beachball | hourglass |
    seize up | stuck loading | loading forever | buffering | loading wheel
slow | sluggish | slowness | laggy | lag | latency | high latency | poor performance |
    performance issue | performance problem | slow performance | slowdown | slow down |
    running slow | takes forever | take ages | take forever | crawl | bog down | high ping |
    ping spike | slow response | slow to respond | response time | slow to load |
    slow loading | take a while | dragging
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
    disk is full | drive is full | insufficient space | insufficient disk space |
    storage is full | hard drive full | low on space | low on storage | low on disk |
    disk almost full | drive almost full | storage almost full | c drive full
mailbox full | mailbox is full | full mailbox | mailbox quota | mailbox size limit |
    inbox full | quota exceeded | over quota | email full | email is full | inbox is full |
    mailbox almost full | inbox almost full | mailbox over limit
failed drive | failed disk | drive failure | disk failure | dead drive | dead disk |
    bad drive | bad disk | degraded array | raid degraded | degraded raid | predictive failure |
    smart error | smart failure | drive died | disk died | hard drive died | ssd died |
    drive dying | disk dying
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
    s drive | shared area | public drive | server folder | p drive | z drive | team drive |
    common folder
sharepoint | sharepoint online | spo | sharepoint site | team site | intranet |
    company intranet | staff portal | communication site | document library |
    sharepoint library | hub site | sp site | sp online | doc library | sharepoint folder |
    sharepoint page
onedrive | one drive | onedrive for business | odfb | onedrive client | onedrive app |
    sync client | onedrive sync app | onedrive folder
sync | synchronization | synchronize | synch
sync error | sync issue | sync problem | sync failure | sync failed | not syncing |
    won't sync | stopped syncing | out of sync | sync stuck | stuck syncing | sync pending |
    processing changes | sync paused | not uploading
restore | recover | recovery | file restore | file recovery | data recovery | bring back |
    undelete | restore from backup | recover file | get back | retrieve | retrieval |
    put back | salvage
deleted file | accidentally deleted | lost file | missing file | lost data | data loss |
    deleted folder | lost folder | missing folder | deleted by mistake | deleted by accident |
    file gone | folder gone | accidental deletion | deleted accidentally |
    accidentally removed | deleted in error | file disappeared | folder disappeared |
    lost my file | lost everything | deleted everything | removed by mistake |
    removed by accident | erased by mistake | accidentally erased | wiped by mistake |
    accidentally wiped | data gone
overwrite | overwrote | overwritten | over write | save over | write over | written over |
    clobber | save on top | replaced by mistake
missing | disappeared | vanished | gone missing | not showing | not appearing |
    not visible | doesn't show | doesn't appear | can't find | can't see | can't locate
# The products are backup software and nothing else; "datto" is also an RMM.
backup | back up | backup job | backup copy | backup task | backup set | veeam | acronis |
    backup exec | storagecraft | shadowprotect | axcient | backup software | backup solution |
    backup system | nakivo | cove backup | cove data protection | msp360 | cloudberry |
    active backup | altaro
backup failed | failed backup | backup failure | backup error | backup not running |
    backup didn't run | missed backup
offsite backup | off-site backup | cloud backup | offsite copy | off-site copy |
    offsite replication
# Network
internet | internet connection | internet access | wan | broadband | wan link |
    wan connection | internet line | internet circuit | isp circuit | leased line |
    dedicated internet access | dia | fiber line | fiber connection | broadband line | adsl |
    vdsl | fttp | fttc | dsl | wan uplink | internet uplink | isp uplink
no internet | internet down | internet outage | lost internet | internet not working |
    no internet access | wan down | isp outage | no connectivity | line down | leased line down |
    internet is down | internet went down | internet is out | internet went out
isp | internet provider | internet service provider | broadband provider
modem | isp router | isp modem | isp box | ont | nte | cable modem | dsl modem |
    fiber modem | internet box | broadband hub | internet hub | smart hub | superhub |
    home hub | broadband router
backup internet | backup line | backup link | backup connection | secondary wan |
    secondary internet | 4g backup | lte backup | 4g failover | wan failover | dual wan |
    4g router | secondary connection | secondary line | secondary link | backup circuit |
    standby line | spare line | second isp | second line | second connection | backup isp |
    secondary isp | redundant line | redundant internet | redundant connection |
    failover line | failover connection | failover link | cellular backup |
    cellular failover | 5g backup | 5g failover | lte failover | starlink backup
# In a small office the router, the gateway and the edge device are one box; the
# firewall is kept apart because many sites have both (ISP router, own firewall).
router | gateway | edge router | internet gateway | edge device | internet router |
    default gateway | gateway address | gateway ip | router ip | wifi router |
    wireless router | main router | core router
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
    vpn connection | anyconnect | globalprotect | always on vpn | aovpn | forticlient |
    netextender | sophos connect | openvpn | wireguard | l2tp | sstp | ikev2 | pptp
site-to-site | s2s | ipsec tunnel | vpn tunnel | ipsec vpn | tunnel | ipsec | l2l |
    lan to lan | branch vpn | site vpn | inter-site vpn | site link | inter-site link |
    office to office | link between sites | vpn between sites | vpn between offices | mpls |
    private circuit | point-to-point link
remote support | remote session | remote control | remote assistance | screenconnect |
    screen connect | connectwise control | teamviewer | anydesk | splashtop | quick assist |
    remote in | take control | remote access tool | remote access software | remote help
# Sharing one's screen in a meeting: not a remote support session, and not a monitor.
screen sharing | screen share | share screen | share my screen | desktop sharing
rdp | remote desktop | remote desktop connection | mstsc | rdp session |
    remote desktop session
rds | remote desktop services | terminal server | terminal services | rdsh | session host |
    rd session host | rds server
dns | name resolution | dns resolution | dns lookup | dns query | not resolving |
    can't resolve
dhcp | dhcp lease | ip lease | address assignment | ip assignment | dynamic ip |
    dhcp server | lease time | lease duration | ip renew | renew ip | ipconfig renew |
    ipconfig release | release and renew
# No answer from DHCP is what leaves a machine with a 169.254 address.
apipa | 169.254 | self-assigned ip | self-assigned address | no ip address | no ip
static ip | fixed ip | static address | fixed address | static ip address | manual ip |
    dhcp reservation | ip reservation | reserved ip | reserved address | address reservation
public ip | external ip | wan ip | public address | external address | public ip address
ip address | ip | ip addr | ipv4 address | ipv4 | ip number | internal ip | private ip |
    lan ip | local ip | private ip address | internal ip address | local ip address
ip conflict | duplicate ip | ip address conflict | address conflict
network | lan | local network | office network | internal network | corporate network |
    company network
network down | network outage | network is down | lan down | network went down
offline | down | went down | gone down | went offline | gone offline | outage |
    unavailable | downtime | down time | unplanned downtime | unplanned outage | fell over |
    fall over | fallen over | keel over | died | pack up | conk out | went dark | dead |
    go dead | go down | go offline | not online | not up
unreachable | not reachable | can't reach | inaccessible | not accessible | can't access |
    not loading | won't load | fail to load | can't get to
can't connect | not connecting | fail to connect | connection failed | connection failure |
    connection error | connection issue | connection problem | connectivity issue |
    connectivity problem | no connection
timed out | times out | timing out | timeout | time out
disconnect | disconnection | drop out | keeps dropping | keeps disconnecting |
    dropped connection | connection drop | lost connection | connection lost |
    intermittent connection | flapping | lose connection | drop connection |
    keeps cutting out | keeps dropping out | drop off | keeps dropping off | kicked out |
    kicked off | unstable connection | connection unstable | random disconnect |
    random disconnection
packet loss | dropped packet | packet drop | lost packet
bandwidth | throughput | link speed | line speed | internet speed | connection speed |
    network speed
intermittent | intermittently | sporadic | sporadically | on and off | comes and goes | flaky |
    spotty | patchy | hit and miss | hit or miss | randomly | every so often | now and then |
    now and again | unreliable | unstable | temperamental | erratic | occasionally |
    time to time | off and on | works sometimes | sometimes works | inconsistent
switch | network switch | ethernet switch | lan switch | hub | network hub | ethernet hub |
    core switch | edge switch | access switch | managed switch | unmanaged switch |
    desk switch | mini switch
wall port | wall jack | network jack | data point | network point | network socket |
    ethernet port | lan port | network port | data port | ethernet jack | data socket |
    network outlet | data outlet | ethernet outlet
network cable | ethernet cable | patch cable | patch cord | patch lead | lan cable | cat5 |
    cat5e | cat6 | cat6a | ethernet lead | network lead | internet cable
wired | ethernet | wired connection | hardwired | hard-wired | wired network
wifi | wi-fi | wireless | wlan | wireless network | wifi network | ssid | wifi connection |
    wireless connection | wifi name | wireless name | wifi network name | wireless internet
access point | wap | wireless access point | wifi access point | wifi ap | wireless ap | ap |
    wifi point | wifi hotspot | wireless hotspot | unifi ap | meraki mr | wifi unit |
    wireless unit | ceiling ap
guest wifi | guest wi-fi | guest network | guest wireless | guest ssid | visitor wifi |
    patient wifi | customer wifi | guest internet
wifi password | wi-fi password | wireless password | wifi key | wireless key | network key |
    wpa key | wpa2 key | wifi passphrase
weak signal | poor signal | bad signal | low signal | dead spot | dead zone |
    poor coverage | weak wifi | poor reception | bad reception | wifi coverage |
    signal strength | wifi signal | wireless signal | no bars | one bar | low bars |
    signal drop | black spot | not spot
# VLANs are how a small office separates its networks; technicians and users say
# either for the same thing.
network segmentation | segmentation | segregation | network segregation | network segment |
    network zone | security zone | separate network | isolated network | network isolation |
    microsegmentation | micro-segmentation | vlan | virtual lan | 802.1q | dot1q | vlan tag |
    tagged vlan | subnet | subnetwork | ip subnet | trunk port | tagged port | segment |
    segmented network | split the network | partition the network | network partition |
    own network | own vlan | own subnet | separate vlan | separate subnet | different vlan |
    different subnet | iot vlan | iot network | camera vlan | voice vlan | management vlan |
    segregate
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
ntp | ntp server | time sync | time synchronization | time server | clock sync | sntp |
    w32time | windows time service | time service | time source | ntp source
sql server | sql | mssql | ms sql | database server | db server | sql instance
# Changes to software
# A "patch panel" is hardware: its own group keeps it away from "patch".
update | patch | upgrade | hotfix | security update | security patch
windows update | cumulative update | patch tuesday | quality update | microsoft update |
    os update | os patch | monthly update | monthly patch | windows patch | windows patching |
    os patching | monthly patching | monthly rollup | security rollup | second tuesday | lcu |
    latest cumulative update | monthly security update | microsoft patch
install | installation | deploy | deployment | roll out | rollout | push out | set up |
    setup | provision | provisioning
uninstall | un-install | uninstallation | remove program | remove software |
    remove the app | programs and features | add remove programs | apps and features |
    uninstaller | removal tool | uninstall tool | force uninstall | force remove |
    fully remove | completely remove | remove completely
reinstall | re-install | clean install | fresh install
reimage | re-image | wipe and reload | wipe and rebuild | factory reset | reset this pc | wipe |
    rebuild | nuke and pave | wipe the machine | wipe the laptop | rebuild the machine |
    rebuild the laptop | os reload
application | app | program | software
lob app | lob application | line of business | business app | business application
configuration | config | configure | setting
end of life | eol | end of support | out of support | unsupported | eos
# Symptoms, outcomes and work
broken | not working | stopped working | doesn't work | faulty | malfunctioning |
    defective | playing up | acting up | acting weird | acting strange | acting funny |
    glitchy | glitch | buggy | on the fritz | on the blink | wonky | kaput | busted |
    knackered | out of order | not functioning | non-functional | quit working | gave up |
    packed in | dodgy | messed up
# The box that "popped up" on a user's screen.
popup | pop up | popup window | popup message | dialog box | dialog
error | failure | fail | fault | error message | error code | error prompt
alert | alarm | warning
fixed | resolved | solved | working again | back online | back to normal | came back up
# MSP tooling and people
rmm | rmm agent | rmm tool | remote monitoring | ninjaone | ninjarmm | ninja rmm |
    datto rmm | n-able | n-central | connectwise automate | labtech | kaseya | atera | syncro
psa | ticketing system | ticket system | helpdesk system | connectwise manage |
    connectwise psa | autotask | halopsa | halo psa
ticket | support ticket | incident | case | service request | support request |
    support case
help desk | helpdesk | service desk | support desk | it support | support team | tech support |
    it team | it department | it dept
msp | managed service provider | managed services provider | it provider | it support company |
    it support provider | outsourced it | managed it provider
technician | tech | engineer | field engineer | field tech | support engineer |
    it engineer | it technician | onsite engineer | it guy | computer guy | tech guy
onsite | on-site | site visit | onsite visit | on-site visit
client | customer | end client
end user | enduser | staff member | employee | staff | team member | personnel
receptionist | front desk | reception | reception desk | front office | front of house
office manager | practice manager | office administrator | office admin |
    practice administrator
it contact | point of contact | poc | main contact | primary contact | key contact |
    site contact | it champion
onboard | on-board | new starter | new hire | new user | new employee | joiner |
    new joiner | new staff
offboard | off-board | leaver | leaver process | departing employee | terminated employee |
    terminated user | deprovision | user exit | employee exit | former employee | ex-employee |
    former staff
after hours | out of hours | outside business hours | outside hours | outside working hours |
    off hours | afterhours |
    overnight | evening work | weekend work | outside office hours | non-business hours |
    non-working hours | after work | after closing | at night | over the weekend |
    at the weekend | on the weekend | nighttime
maintenance window | change window | scheduled maintenance | planned maintenance |
    planned outage | planned downtime | scheduled downtime | patch window | update window |
    reboot window | maintenance period | downtime window | outage window | patch night |
    update night | maintenance night | maintenance slot | change slot | service window |
    maintenance schedule | agreed window | reboot slot
documentation | docs | runbook | sop | standard operating procedure | kb article |
    knowledge base | kb | it glue | itglue | hudu
# Hardware and peripherals
hostname | host name | computer name | machine name | device name | pc name | netbios name
mac address | physical address | hardware address | mac addr
mac | macbook | macbook pro | macbook air | imac | macos | mac os | os x | osx |
    apple computer | apple laptop
mobile | mobile phone | cell phone | cellphone | smartphone | mobile device | iphone |
    android phone | android | samsung phone | galaxy phone | pixel phone | ios device |
    apple phone
phone | desk phone | deskphone | handset | voip phone | ip phone | sip phone | telephone |
    yealink | polycom | poly phone | grandstream | snom | cordless phone | dect phone
phone system | pbx | ip pbx | hosted pbx | cloud pbx | voip | voip system | telephony |
    telephone system | 3cx | hosted voip | cloud phone system | ucaas | teams phone |
    teams calling | ringcentral | 8x8 | dialpad | phone service | switchboard
voicemail | voice mail | voice message | answerphone | answering machine | voice mailbox
call quality | choppy audio | choppy call | robotic voice | garbled audio |
    poor call quality | bad call quality | jitter | breaking up | cutting out
teams | microsoft teams | ms teams | teams app | teams client
no sound | no audio | sound not working | audio not working | can't hear
monitor | screen | display | external monitor | external display | external screen |
    second monitor | second screen | computer screen | pc screen | lcd | lcd screen |
    lcd monitor | extra screen | extra monitor | additional monitor | additional screen |
    dual monitor | dual screen | laptop screen | laptop display | ultrawide
black screen | blank screen | no display | no signal | no picture | screen went black |
    screen is black | screen went blank | screen is blank | nothing on screen
docking station | dock | usb-c dock | thunderbolt dock | port replicator | laptop dock |
    displaylink | displaylink dock | dock station | usb hub | usb-c hub | multiport adapter |
    travel dock | usb-c adapter
ups | battery backup | uninterruptible power supply | battery backup unit | ups unit |
    power backup | battery unit | emergency power | backup power | apc | apc ups | eaton ups |
    smart-ups | ups system | ups device | standby power | battery backup system | ups box
power outage | power cut | power failure | power loss | lost power | loss of power |
    blackout | power went out | mains failure | mains power failure | power went off |
    power is out | power was out | electricity went out | no electricity |
    power interruption | electrical outage | electricity cut | power dropped | mains outage |
    grid outage | utility outage | power went down | loss of mains | lost mains
printer | mfp | mfd | copier | photocopier | multifunction printer |
    multi-function printer | multifunction device | multi-function device | big printer |
    copy machine | xerox | ricoh | kyocera | konica minolta | brother printer | hp printer |
    canon printer | canon imagerunner | imagerunner | bizhub | laser printer |
    printer copier | copier printer | canon copier | sharp copier | toshiba copier
print queue | printer queue | print spooler | spooler | spooler service
can't print | not printing | printing issue | print issue | printing problem |
    printer not working | printer offline | printer issue | printer problem
printer driver | print driver | universal print driver | pcl driver
paper jam | jammed | jam | paper stuck | misfeed
toner | ink | cartridge | toner cartridge | ink cartridge
scanner | scan | document scanner | digitize | digitization | flatbed | flatbed scanner |
    adf | document feeder | sheet feeder | scan in | scansnap
scan to email | scan to mail | scan2email | scan to e-mail | scan to inbox | scan to outlook |
    send to email | scan and email | email scan | scan to me
scan to folder | scan to network | scan to smb | scan to share | scan to file |
    scan2folder | scan to pc | scan to computer | scan to desktop | scan to server |
    scan to drive | scan folder | scan to onedrive | scan to sharepoint
new laptop | new pc | new computer | new machine | new workstation | replacement laptop |
    replacement pc | hardware refresh | pc refresh | laptop refresh
# Power
brownout | brown out | power dip | power sag | voltage sag | voltage dip | power flicker |
    power blip | dirty power | undervoltage | lights flicker | lights flickering |
    flickering lights | power glitch | power hiccup | power blink | momentary outage |
    momentary power loss | power bump | lights dimmed
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
    cctv recorder | hikvision | dahua | unifi protect | video surveillance | camera footage |
    security footage | camera recorder | camera server
access control | door access | door entry | door entry system | badge | badge access |
    badge reader | key fob | door fob | keycard | key card | card reader | swipe card |
    prox card | proximity card | door controller | paxton | fob | door code | access card |
    card access | badge system | brivo | kisi
payment terminal | card machine | card terminal | credit card machine | credit card terminal |
    credit card reader | payment machine | pdq | pdq machine | pin pad | pinpad | eftpos
server room | comms room | wiring closet | comms cupboard | network closet | data closet |
    it closet | server closet | server cupboard | idf | mdf | telecom room | equipment room |
    communications room | comms closet | it room | computer room | it cupboard
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
cabling | structured cabling | network cabling | data cabling | cable run | recabling |
    cable drop | data drop
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
    address range | scope option | lease pool | address scope | ip scope | lease range
scope exhausted | scope full | dhcp exhaustion | lease exhaustion | pool exhausted |
    no free ip | no free address | ip exhaustion | dhcp full | out of ip | no more ip |
    pool full | dhcp pool full | dhcp scope full | scope exhaustion | address exhaustion |
    scope depleted | out of address | no more address | scope is exhausted | scope is full |
    pool is full | pool is exhausted
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
    room resource | book a room | room list | equipment mailbox | huddle room |
    meeting space | book the room | reserve a room | reserve the room | room reservation |
    resource booking | equipment booking | bookable resource | pool car |
    meeting room calendar
video conferencing | video conference | video call | video meeting | teams room |
    microsoft teams room | mtr | zoom room | conference camera | meeting room camera |
    online meeting | teams meeting | zoom meeting | zoom call | virtual meeting | web meeting |
    zoom | google meet | webex | gotomeeting
calendar sharing | shared calendar | calendar permission | share calendar |
    calendar access | calendar delegation | team calendar | group calendar | office calendar |
    leave calendar | holiday calendar | staff calendar | company calendar |
    department calendar
sensitivity label | sensitivity labeling | data classification | document classification |
    classification label | information protection | azure information protection | aip |
    mip | purview information protection | document label | classification | classify |
    protective marking | confidential label | label policy | auto-labeling |
    marked confidential
dlp | data loss prevention | data leak prevention | dlp policy | data leakage |
    dlp rule | data leak | data exfiltration | exfiltration | exfil | sensitive data |
    sensitive information | sensitive info | policy tip | dlp alert
retention policy | retention | retention period | retention tag | retention label |
    data retention | retention setting | backup retention | retention schedule |
    retention rule | retain | retained for | how long kept | how far back | gfs |
    grandfather-father-son
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
    disaster recovery test | practice run | simulation exercise | incident drill |
    incident simulation | cyber drill | breach simulation | cyber exercise | wargame |
    war game | mock incident | simulated incident
disaster recovery | business continuity | bcp | business continuity plan | dr plan |
    disaster recovery plan | continuity plan | drp | bcdr plan | dr site
device control | usb blocking | block usb | usb lockdown | removable media policy |
    usb policy | usb restriction
patch management | patch policy | patch schedule | update schedule | patch cycle |
    patch compliance | wufb | wsus | update management
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
previous version | shadow copy | volume shadow copy | vss | previous version tab |
    restore previous version | file history | shadow storage | vssadmin | nas snapshot |
    volume snapshot | older copy | earlier copy
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
    sage | sage 50 | xero | myob | accounts system | accounting program
erp | erp system | epicor | syspro | business central | dynamics 365 | d365 | navision |
    netsuite | odoo | sap | mrp | mrp system
cad | autocad | solidworks | revit | cad software | 3d model | 3d modeling | cad drawing |
    cad file | dwg | technical drawing | engineering drawing
pdm | solidworks pdm | epdm | pdm vault | product data management
# A PLC and the program on it are one thing in a support call.
plc | programmable logic controller | ladder logic | plc program | controller program |
    plc code | automation controller | allen-bradley | rockwell | siemens s7 | s7 |
    tia portal | studio 5000 | rslogix | compactlogix | controllogix | micrologix | codesys |
    step 7 | s7-1200 | s7-1500 | machine controller | machine controls | plc panel |
    control cabinet
scada | hmi | human machine interface | operator panel | operator screen | touch panel |
    operator terminal | panelview | wincc | factorytalk | scada system | operator station |
    operator interface | machine screen | machine display | hmi screen | hmi panel |
    ignition scada | citect | ifix | wonderware intouch | intouch
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
    ditch | migrate away | move away from | scrap | remove from service | rip out | stop using |
    no longer used | no longer needed | switch away from | move off | come off |
    do away with | get shot of
disposal | dispose | e-waste | ewaste | hardware disposal | data destruction |
    drive destruction | disk shredding | certificate of destruction | weee | recycle
contractor | vendor | supplier | third party | 3rd party | external vendor |
    subcontractor | outside vendor | consultant | external contractor
business hours | working hours | opening hours | office hours | core hours | work hours |
    normal hours | trading hours | 9 to 5 | nine to five | during hours | daytime |
    during the day | working day | business day | open hours | hours of operation |
    operating hours | office open
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
invoice | billing | invoicing | monthly bill | monthly invoice | billing statement |
    statement of account
# Networking: DNS
dns server | dns resolver | resolver | internal dns | local dns | dns forwarder |
    conditional forwarder | dns forwarding
nameserver | name server | ns record | dns host | dns hosting | dns provider |
    authoritative dns | external dns | cloudflare
dns record | dns entry | dns zone | zone file | zone record | dns setting | host record |
    dns host record
mx record | mx | mail exchanger | mx entry | mail exchanger record
flush dns | dns flush | flushdns | clear dns cache | clear dns | dns cache |
    ipconfig flushdns
# Networking: addressing, switching and links
subnet mask | netmask | network mask | prefix length | cidr | cidr notation
rogue dhcp | rogue dhcp server | second dhcp server | duplicate dhcp | two dhcp server |
    competing dhcp server | dhcp conflict | rogue router
switch port | switchport | switch interface | access port
link down | no link | no link light | port down | interface down | err-disabled |
    errdisable | err-disable | port disabled | link light off
# "Duplex" alone is the printer's: the network's duplex is a phrase of its own.
duplex mismatch | speed mismatch | half duplex | full duplex | auto-negotiation |
    autonegotiation | link speed mismatch
link aggregation | lacp | port channel | etherchannel | nic teaming | teaming | bonding |
    bonded interface | link bundle | port trunking
double nat | double natting | nat behind nat | nested nat
bridge mode | modem mode | ip passthrough | passthrough mode | pass-through mode |
    bridged mode | bridge the modem
line fault | isp fault | fault report | isp ticket | carrier ticket | report a fault |
    raise a fault | isp case | fault ticket
# Networking: Wi-Fi and VPN
mesh wifi | mesh | mesh network | mesh system | mesh node | wifi mesh | eero | orbi | deco
# Not bare "extender": HDMI and USB extenders are cables.
wifi extender | range extender | wifi booster | wifi repeater | wireless repeater |
    wireless extender
wifi not working | no wifi | wifi down | wifi outage | wireless down | wifi issue |
    wifi problem | wireless issue | wireless problem | wifi dropping | wifi keeps dropping |
    wifi disconnecting | wi-fi not working | wifi is down
vpn not working | vpn down | vpn not connecting | vpn won't connect | vpn issue |
    vpn problem | vpn error | vpn failing | vpn connection failed | vpn keeps dropping |
    vpn disconnecting | vpn dropping
tunnel down | vpn tunnel down | ipsec down | tunnel drop | site-to-site down | s2s down |
    tunnel not up | tunnel flapping | ipsec tunnel down | tunnel not establishing
# Security: detections and attacks
threat detected | malware detected | virus detected | threat found | threat quarantined |
    av alert | antivirus alert | edr alert | quarantined file | file quarantined |
    detection alert | infection detected
false positive | false alarm | false detection | wrongly flagged | incorrectly flagged |
    false flag | benign detection
mfa fatigue | push bombing | mfa bombing | mfa spam | prompt bombing | push fatigue |
    mfa fatigue attack | repeated mfa prompt | unexpected mfa prompt | random mfa prompt
brute force | brute force attack | password spray | password spraying |
    credential stuffing | dictionary attack | spray attack
leaked password | leaked credential | breached password | compromised password |
    exposed credential | pwned password | password leak | credential leak |
    password breach | haveibeenpwned | hibp
dark web monitoring | dark web scan | dark web report | dark web alert | dark web |
    credential monitoring | breach monitoring | id agent
token theft | session hijacking | session hijack | cookie theft | aitm |
    adversary-in-the-middle | evilginx | token replay | stolen session | stolen token |
    session token theft | mitm | man-in-the-middle
# Not bare "impersonation": Exchange grants that right to migration tools.
impersonation attack | display name spoofing | ceo fraud | ceo impersonation |
    executive impersonation | impersonation attempt | impersonation email | whaling |
    gift card scam
invoice fraud | payment fraud | payment diversion | payment redirection | fake invoice |
    invoice scam | wire fraud | mandate fraud | bank detail fraud | bank detail change |
    payment scam
# Security: identity protection
sso | single sign-on | saml | saml sso | federated login | federated sign-in |
    identity provider | okta | onelogin | jumpcloud
security key | yubikey | fido2 | fido2 key | fido key | hardware key | hardware token |
    passkey | physical security key | fido
windows hello | hello for business | whfb | windows hello pin | hello pin | windows pin |
    pin sign-in | pin login | face recognition | facial recognition | fingerprint login |
    biometric login | biometric sign-in
mfa registration | register mfa | mfa setup | setup mfa | set up mfa | mfa enrollment |
    enroll in mfa | authenticator setup | set up authenticator | register authenticator |
    security info | mfa sign-up
mfa reset | reset mfa | reset the mfa | re-register mfa | reregister mfa |
    require re-register | clear mfa | reset authenticator | authenticator reset |
    lost authenticator | 2fa reset | reset 2fa | new phone authenticator | change phone |
    move authenticator | transfer authenticator | authenticator transfer | new phone mfa
sign-in log | login history | logon history | sign-in activity | sign-in history |
    login log | login record | logon event | login audit | sign-in report
sign out | signout | log out | logout | log off | logoff
revoke session | revoke token | revoke sign-in session | force sign-out |
    sign out everywhere | sign out all | kill session | terminate session |
    revoke refresh token
break glass account | breakglass | breakglass account | break glass |
    emergency access account | emergency admin | emergency admin account | emergency account
application control | app control | application whitelisting | app whitelisting |
    application allowlisting | app allowlisting | threatlocker | applocker | wdac |
    ringfencing | software restriction policy
# Security: devices
lost device | stolen device | lost laptop | stolen laptop | lost phone | stolen phone |
    missing laptop | missing device | laptop stolen | phone stolen | device stolen |
    lost or stolen | laptop lost | phone lost
remote wipe | wipe device | device wipe | selective wipe | remote erase | erase device |
    mdm wipe | intune wipe | wipe remotely | retire device
# Backup and recovery
immutable backup | immutability | immutable | immutable storage | immutable copy |
    object lock | worm storage | air-gapped | air gap | offline backup | offline copy |
    ransomware-proof backup
restore point | recovery point | backup point | point in time | backup version |
    backup snapshot | point-in-time restore
backup verification | test restore | restore test | backup test | recovery test |
    backup validation | verify backup | verify the backup | screenshot verification |
    test recovery
bare metal restore | bare metal recovery | bmr | full system restore |
    system image restore | image restore | bare metal | full machine restore |
    whole machine restore
m365 backup | office 365 backup | 365 backup | o365 backup | microsoft 365 backup |
    saas backup | saas protection | cloud-to-cloud backup | backupify | dropsuite |
    spanning backup | afi backup | email backup | mailbox backup
backup successful | backup completed | successful backup | backup ok | good backup |
    backup succeeded | backup success | backup complete | completed backup
recycle bin | recycling bin | trash | trash can | wastebasket | site recycle bin |
    second-stage recycle bin | sharepoint recycle bin
deleted item | deleted items folder | recoverable item | recover deleted item |
    deleted email | deleted message | purged email | purged item | permanently deleted email
version history | versioning | file version | document version | older version |
    earlier version | restore version
# Printing and fax
print server | printer server | print management | print management console | print host |
    printing server
cloud print | cloud printing | universal print | printix | printerlogic |
    serverless printing | ezeep
add printer | add a printer | install printer | install the printer | printer install |
    printer installation | map printer | printer mapping | mapped printer |
    printer deployment | deploy printer | printer setup | connect printer |
    connect to printer
print quality | poor print quality | streak | streaky | smudge | smudged | smeared |
    faded print | faint print | light print | ghosting | banding | blurry print |
    lines on print | lines on page
duplex | duplex printing | double-sided | two-sided | print both sides |
    double-sided printing | two-sided printing
fax | facsimile | fax machine | efax | e-fax | internet fax | online fax | fax to email |
    email to fax | fax service | fax server | digital fax | fax line | fax number |
    cloud fax
# Identity, devices in Entra, and accounts
hybrid join | hybrid entra join | hybrid aad join | haadj | hybrid joined |
    hybrid domain join
entra join | entra joined | azure ad join | azure ad joined | aad join | aadj | aad joined |
    entra id join | cloud join | cloud joined | cloud-only join
create user | create account | account creation | user creation | new account |
    new user account | create new user | create a user | create the user | set up user |
    user setup | account setup
group membership | add to group | group member | membership | remove from group |
    group membership change
cached credential | cached login | cached logon | cached password | offline login |
    offline logon | cached domain credential | credential cache
microsoft account | personal microsoft account | live account | live id | hotmail account |
    outlook.com account | consumer account
# Exchange, Outlook and Microsoft 365
m365 admin center | 365 admin center | m365 admin | 365 admin | o365 admin |
    office 365 admin | microsoft 365 admin | admin.microsoft.com | m365 admin portal |
    365 admin portal | o365 admin portal
convert to shared | convert mailbox | mailbox conversion | convert the mailbox |
    shared mailbox conversion
global address list | gal | address book | offline address book | oab | company directory |
    staff directory | address list
message trace | mail trace | email trace | message tracking | trace email | track message |
    message tracking log | delivery report | trace the email | message trace log
mail queue | email queue | queued email | queued message | deferred email |
    deferred message | delayed email | email delayed | delayed delivery | email delay |
    mail delay | slow email
transport rule | mail flow rule | exchange transport rule | etr | exchange rule
pst | pst file | ost | ost file | outlook data file | personal folder file | outlook pst |
    outlook ost | offline folder file
outlook profile | mail profile | email profile | outlook account profile |
    new outlook profile | mail applet | mail control panel
recall email | recall message | message recall | recall the email | unsend | undo send |
    retract email | unsend email | recall an email
meeting invite | meeting request | calendar invite | calendar invitation |
    meeting invitation | outlook invite | teams invite | meeting link | teams meeting invite
autocomplete | auto-complete | nickname cache | autocomplete list | autocomplete cache |
    suggested contact | n2k | autocomplete entry
automapping | auto-mapping | mailbox automapping | automap | auto-mapped
unsaved file | unsaved document | unsaved changes | lost changes | lost work |
    recover unsaved | document recovery | autorecover | auto recover | autorecovery |
    unsaved work
files on demand | online-only | online-only file | cloud-only file | placeholder file
# Endpoints: Windows versions, builds and deployment
windows 10 | win10 | win 10 | w10 | windows10
windows 11 | win11 | win 11 | w11 | windows11
feature update | os upgrade | windows upgrade | windows 11 upgrade | win11 upgrade |
    version upgrade | feature upgrade
repair install | in-place repair | repair upgrade | in-place upgrade | inplace upgrade |
    repair reinstall | in-place reinstall
sccm | configmgr | configuration manager | mecm | config manager |
    endpoint configuration manager | system center
# Not bare "imaging": in a dental practice that is the X-ray software.
os imaging | pc imaging | os deployment | mdt | wds | pxe | pxe boot | network boot |
    task sequence | image deployment | deploy image | deployment share | fog server
golden image | gold image | base image | master image | standard image | corporate image |
    reference image | standard build | soe | standard operating environment | build image
configuration profile | config profile | device configuration profile | intune profile |
    intune policy | device configuration | settings catalog | mdm profile | mdm policy |
    device restriction | device policy
byod | personal device | personal phone | personal laptop | own device | personal mobile |
    unmanaged device | non-company device | private device | personally owned | own phone |
    own laptop | own mobile | own computer | home computer | home pc | home laptop |
    personal cell | bring your own | byo
company device | corporate device | company laptop | work laptop | work phone |
    company phone | corporate phone | managed device | company-owned | corporate-owned |
    work device | company pc | work pc | work computer | company computer | company mobile |
    work mobile
windows activation | activate windows | activation | activation error | not activated |
    kms | mak | kms activation | kms server | kms host | activation server |
    office activation | activate office
# Endpoints: updates and installs
unpatched | not patched | missing patch | missing update | outstanding update |
    outstanding patch | pending update | pending patch | behind on updates | out of date |
    outdated | needs updating
pending reboot | reboot pending | pending restart | restart pending | restart required |
    reboot required | needs reboot | needs restart | needs a reboot | needs a restart |
    awaiting reboot | awaiting restart | requires restart | requires reboot
update failed | failed update | update failure | update error | failed to update |
    update stuck | stuck updating | stuck on updates | patch failed | failed patch |
    patch failure | update won't install | undoing changes | update rollback |
    update install failed
install failed | installation failed | failed install | install error | installation error |
    installer error | setup failed | failed to install | install failure |
    installation failure | won't install | not installing
third-party patching | 3rd party patching | application patching | app patching |
    third-party update | software patching | third-party app update | app update |
    application update
# Endpoints: Windows internals and symptoms
registry | regedit | registry key | registry value | reg key | windows registry | hklm |
    hkcu | registry edit | reg edit | registry entry | registry setting | reg file
corrupt profile | corrupted profile | profile corruption | broken profile |
    damaged profile | rebuild profile | recreate profile | profile rebuild | reset profile |
    profile reset | new profile | fresh profile | rename profile
slow login | slow logon | slow sign-in | slow log in | login slow | logon slow |
    long login time | stuck at welcome | stuck on welcome | long logon | welcome screen
search index | indexing | indexing service | windows search | search indexer |
    rebuild the index | rebuild index | index rebuild | search indexing | outlook search |
    instant search | search not working | search broken | no search result
file locked | locked file | file in use | file is locked | locked for editing | file lock |
    locked by another
# Servers, virtualization and storage
cluster | failover cluster | server cluster | hyper-v cluster | vmware cluster | wsfc |
    cluster node | windows cluster | vsphere cluster | cluster host
san | storage area network | shared storage | iscsi | iscsi san | iscsi target |
    iscsi storage | iscsi initiator | fiber channel | fc san | powervault | nimble |
    compellent | 3par
datastore | lun | vmfs | vmfs datastore | cluster shared volume | storage lun |
    vm datastore | storage volume
live migration | vmotion | vm migration | migrate vm | migrate the vm | move the vm |
    move vm | storage vmotion | storage migration | quick migration | storage live migration
physical server | bare metal server | hardware server | poweredge | proliant | rack server |
    tower server | dell server | hpe server | hp server | physical host | physical box |
    lenovo server
dfs | distributed file system | dfs namespace | dfsn | dfs-n | dfsr | dfs-r |
    dfs replication
server migration | server replacement | server refresh | server upgrade | new server |
    replace the server | server swap | server move | migrate the server | server cutover |
    replacement server
raid rebuild | array rebuild | rebuild the array | rebuilding array | raid resync |
    array resync | resilver | resilvering | rebuild raid | rebuild the raid
drive replacement | replace drive | replace the drive | replacement drive | drive swap |
    swap the drive | swap drive | disk replacement | replace disk | replace the disk |
    replacement disk | hot swap | hot-swap drive
graceful shutdown | ups shutdown | powerchute | ups agent | shutdown agent |
    automatic shutdown | ups shutdown software | network shutdown |
    powerchute network shutdown | auto shutdown | clean shutdown
expired certificate | certificate expired | cert expired | expired cert |
    certificate expiry | cert expiry | certificate expiring | cert expiring |
    expiring certificate | ssl expired | expired ssl | ssl expiry | ssl certificate expired
certificate renewal | cert renewal | renew certificate | renew the certificate |
    renew cert | renew the cert | ssl renewal | reissue certificate | certificate reissue |
    rekey | renew ssl | certificate replacement | replace certificate
# Line-of-business and practice software
practice management | practice management system | practice management software | pms |
    practice software | practice system | appointment book
case management | matter management | case management system | legal software |
    legal case management | clio | practicepanther | mycase | actionstep | pclaw | tabs3 |
    aderant | prolaw | law firm software | legal practice software | case system |
    case software
document management | dms | document management system | netdocuments | imanage | worldox |
    m-files | docuware | laserfiche | filesite | document management software |
    document system
dental software | dental practice software | dental practice management | dentrix |
    eaglesoft | open dental | softdent | curve dental | dentally | software of excellence |
    exact dental | dental pms | dentrix ascend
dental imaging | x-ray software | xray software | dexis | sidexis | romexis | vixwin |
    apteryx | xray bridge | x-ray bridge | dental x-ray | digital x-ray | imaging bridge |
    x-ray sensor | xray sensor | intraoral sensor | schick
ehr | emr | electronic health record | electronic medical record | athenahealth | athena |
    eclinicalworks | ecw | medical records system | clinical system |
    patient record system | emis | systmone | medical software | practice fusion | cerner |
    ehr system | emr system
tax software | tax program | tax prep software | tax preparation software | lacerte |
    ultratax | drake tax | proseries | proconnect | cch axcess | prosystem fx | taxcalc |
    taxwise | tax package
pdf reader | pdf editor | adobe acrobat | acrobat | acrobat reader | adobe reader |
    acrobat pro | foxit | nitro pdf | pdf software | pdf viewer | bluebeam | adobe pdf |
    pdf-xchange
in-house app | internal app | bespoke software | custom app | homegrown app |
    in-house software | custom software | bespoke app | custom application |
    in-house application | bespoke system
vendor support | vendor ticket | vendor case | vendor helpdesk | software support |
    app support | vendor support line | vendor escalation | software vendor support |
    raise with vendor
# OT and industrial
operational technology | ot network | industrial network | plant network | control network |
    ics network | industrial control system | ot environment | shop floor network |
    production network | manufacturing network | plant floor network | ot system |
    machine network | automation network | controls network | ot vlan | ot segment |
    production vlan | scada network | industrial ethernet
historian | data historian | osisoft pi | pi server | aveva historian | process historian |
    pi historian | pi system | factorytalk historian | wonderware historian
opc | opc ua | opc server | opc da | kepware | kepserver | kepserverex | opc client |
    opc connection
vfd | variable frequency drive | variable speed drive | vsd | ac drive | motor drive |
    frequency inverter | frequency drive | powerflex
cnc | cnc machine | machining center | cnc mill | cnc lathe | haas | mazak | machine tool |
    cnc router | okuma | dmg mori
engineering workstation | programming laptop | plc laptop | engineering laptop |
    plc programming laptop | programming pc | plc pc | engineering pc
industrial remote access | ewon | tosibox | secomea | talk2m | remote plc access |
    ewon cosy | machine remote access | vendor remote access | ixon |
    remote machine access | ot remote access
jump host | jump box | jumpbox | bastion | bastion host | jump server | jump station |
    jump pc
time drift | clock drift | clock skew | time skew | wrong time | incorrect time |
    clock is wrong | time is wrong | time offset | clock wrong | clock has drifted |
    time has drifted | clock is off | clock behind | clock ahead | clock fast | clock slow |
    time mismatch | time difference
# Hardware damage and peripherals
liquid damage | spill | water damage | coffee spill | liquid spill | drink spill |
    water spill | spilled drink
cracked screen | broken screen | smashed screen | screen damage | damaged screen |
    screen crack | cracked display | broken display | smashed display | screen cracked |
    screen broken | screen smashed
battery life | battery drain | draining battery | poor battery life | battery health |
    battery wear | battery degradation | short battery life | battery not lasting
monitor cable | display cable | video cable | hdmi cable | displayport cable | dp cable |
    vga cable | dvi cable | hdmi lead | display lead | monitor lead | hdmi | displayport
screen flicker | flickering | flickering screen | screen flashing | display flicker |
    monitor flicker | flicker | screen flickering | flashing screen | display flickering
screen mirroring | screen casting | casting | airplay | miracast | chromecast |
    wireless display | wireless presentation | clickshare | barco clickshare | cast screen |
    screen cast | cast to tv
rma | return merchandise authorization | warranty claim | warranty replacement |
    warranty return | return authorization | send for repair | depot repair |
    warranty repair | warranty case | warranty ticket
license dongle | hasp | hasp key | hardware dongle | security dongle | codemeter |
    wibu key | sentinel hasp | dongle license | usb license key | license key dongle |
    software dongle
# Telephony
softphone | soft phone | softphone app | voip app | calling app | phone app |
    desktop phone app | web phone | soft client | webphone
call recording | recorded call | call recorder | record the call | record call |
    call recording software
caller id | callerid | caller display | outbound caller id | presented number |
    outgoing number | outbound number | calling number | outbound cli | presentation number
spam call | robocall | nuisance call | scam call | junk call | spoofed call | spoof call |
    spam caller | telemarketing call
one-way audio | one-way voice | caller can't hear | can't hear caller | audio one way
call transfer | transfer call | transfer a call | transfer the call | blind transfer |
    attended transfer | warm transfer | cold transfer | unattended transfer |
    transferred call
conference call | conference bridge | audio conference | dial-in | dial-in number |
    bridge line | conference line | audio bridge | conference number | audio conferencing
phone provisioning | provision the phone | auto provisioning | autoprovision |
    autoprovisioning | provisioning server | phone config | phone configuration |
    zero touch provisioning | ztp | provisioning url | provision phone
sip registration | phone registration | phone not registered | sip register |
    extension not registered | unregistered phone | phone unregistered |
    sip registration failed
time condition | time-based routing | after hours routing | holiday routing |
    business hours routing | night service | office hours routing | holiday mode |
    open hours routing | closed routing
not ringing | phone not ringing | phone won't ring | won't ring | no ring |
    calls not ringing | not ring through
voicemail to email | voicemail email | voicemail notification | voicemail transcription |
    vm to email | voicemail transcript | voicemail attachment
# Monitoring and the ticket's life
agent offline | rmm agent offline | agent not reporting | not reporting in |
    stopped reporting | device not reporting | agent not responding | agent disconnected |
    no heartbeat | missed heartbeat | agent not checking | offline agent | agent down
alert fatigue | alert noise | noisy alert | alert storm | too many alerts | alert spam |
    alert flood | alert overload
service stopped | service not running | stopped service | service failed | service crashed |
    service won't start | service down | service not started | service stopping |
    service hung
qbr | quarterly business review | business review | tbr | technology business review |
    strategy meeting | strategic review | technology review | quarterly review
waiting on customer | waiting on client | awaiting customer | awaiting client |
    pending customer | pending client | waiting for customer | waiting on user |
    awaiting user | awaiting reply | awaiting response | waiting for reply |
    waiting for response
out of scope | outside scope | outside the scope | not covered | not in scope |
    out of contract | outside the contract | not under contract | outside of scope |
    not in contract
urgent | high priority | top priority | critical priority | p1 | priority 1 | sev1 | sev 1 |
    severity 1 | emergency | asap | business critical | critical issue | urgent issue |
    p1 ticket
workaround | work around | temporary fix | temp fix | band-aid | bandaid | stopgap |
    stop-gap | quick fix | interim fix | short-term fix | temporary workaround
root cause | rca | root cause analysis | underlying cause | real cause | actual cause |
    post mortem | postmortem | post-incident review | pir | lessons learned |
    incident review | after action review | incident report
recurring issue | recurring problem | repeat issue | repeated issue | keeps happening |
    keeps recurring | reoccurring | happening again | recurring fault | recurring error |
    happens again | same issue again
still not working | still broken | still happening | still an issue | still failing |
    issue persists | problem persists | not fixed | not resolved | unresolved |
    persistent issue
# Colloquial verbs
fix | repair | remediate | remediation | rectify | sort out
replace | replacement | swap out | swap | change out | switch out | rip and replace |
    like for like
migrate | migration | cutover | cut over | move over | switchover | switch over |
    transition | changeover | change over
run out | ran out | exhaust | deplete | use up | used up | max out | maxed out |
    at capacity | hit the limit | reach the limit | limit reached | limit exceeded |
    over the limit | capacity reached | hit capacity | none left | no room left | full up |
    fill up | no capacity | out of capacity | reached capacity | at full capacity | run dry |
    ran dry
new vm | create vm | create a vm | build a vm | build vm | new virtual machine | deploy vm |
    deploy a vm | provision vm | provision a vm | spin up vm
# Licensing and purchasing
business premium | m365 business premium | 365 business premium | m365 bp | 365 bp |
    bp license | business premium license | microsoft 365 bp
license distributor | csp | cloud solution provider | csp partner | pax8 | sherweb |
    giacom | ingram micro | td synnex | partner center | microsoft distributor | csp portal
assign license | assign a license | assign the license | license assignment |
    allocate license | license allocation | give a license | apply license
buy license | buy a license | purchase license | purchase a license | license purchase |
    add seat | additional license | extra license | more license | order license |
    buy more license
cancel subscription | cancel the subscription | subscription cancellation |
    end subscription | terminate subscription | cancel license | reduce license |
    reduce seat | drop license | remove seat | decrease license
# Plain words for states and symptoms
# A setting that has wandered from the standard build, not a clock (see "time drift").
configuration drift | config drift | setting drift | settings drift | baseline drift |
    drift from baseline | drifted from baseline | configuration baseline | security baseline |
    desired state configuration | dsc | non-standard config | nonstandard configuration
sync conflict | conflicting copy | conflicted copy | conflict copy | file conflict |
    sync clash | conflicting changes | upload conflict
slow boot | slow startup | slow start-up | slow to boot | slow to start | long boot time |
    boot time | startup time | slow bootup | slow restart
unexpected restart | unexpected reboot | random restart | random reboot | rebooted itself |
    restarted itself | restarts by itself | reboots by itself | keeps restarting |
    keeps rebooting | spontaneous reboot | unexpected shutdown | dirty shutdown |
    kernel-power | kernel power 41 | random shutdown | turned itself off | shuts itself off
fan noise | noisy fan | loud fan | fan loud | fan running constantly | whirring |
    whirring noise | grinding noise | clicking noise | buzzing noise | humming noise |
    strange noise | weird noise | making noise | loud noise | rattling | rattle
sleep mode | sleep | hibernate | hibernation | standby mode | modern standby |
    wake from sleep | won't wake | not waking | lid close | close the lid | power plan |
    power settings | power options
# Network architecture in lay terms
branch office | branch | branch site | other site | other office | second office |
    second site | remote site | remote office | satellite office | another site |
    another office | other location | second location | other branch | sister site |
    sister office | remote plant | other plant | second plant | multi-site | both sites |
    both offices | multiple sites
head office | main office | hq | headquarters | head quarters | main site | central office |
    corporate office | main building
# Networks the user does not control, as opposed to the office's own guest Wi-Fi.
public wifi | public wi-fi | public network | untrusted network | hotel wifi | airport wifi |
    coffee shop wifi | cafe wifi | open wifi | open network | public hotspot | free wifi |
    unsecured wifi | unsecured network | insecure wifi
# A full pipe, as the user feels it and as the technician measures it.
slow internet | internet slow | internet is slow | slow connection | slow broadband |
    slow wifi | wifi slow | wifi is slow | slow network | network slow | network is slow |
    poor speed | slow speed | bad speed | low bandwidth | bandwidth saturation |
    saturated link | link saturation | network congestion | congestion | bandwidth hog |
    high utilization
wifi channel | wireless channel | channel interference | co-channel interference |
    adjacent channel interference | channel overlap | channel width | channel utilization |
    channel planning | rf interference | interference | wifi interference |
    wireless interference | dfs channel
qos | quality of service | traffic shaping | traffic prioritization | bandwidth limit |
    bandwidth cap | bandwidth limiting | bandwidth throttling | voice priority |
    prioritize voice | dscp
dynamic dns | ddns | dyndns | noip | duckdns | dynamic hostname | ddns hostname
# Devices in lay terms
tablet | ipad | android tablet | galaxy tab | ipad pro | ipad air | ipad mini | surface pro |
    surface go | windows tablet | fire tablet
keyboard | wireless keyboard | bluetooth keyboard | usb keyboard | laptop keyboard | keypad |
    numpad | number pad | keyboard not working | keys not working | stuck key
bluetooth | bluetooth not working | won't pair | not pairing | pairing issue |
    pairing problem | pairing failed | bluetooth issue | bluetooth problem |
    bluetooth pairing | bluetooth connection
paper tray | bypass tray | manual feed | manual feed tray | paper drawer | paper cassette |
    multipurpose tray | mp tray | paper feed | feed tray | tray 1 | tray 2
out of paper | no paper | paper empty | paper out | load paper | add paper | tray empty |
    paper tray empty | low paper | paper low
# The copier company: the dealer who leases, services and bills the copier.
managed print | managed print service | mps | print contract | copier contract |
    copier lease | printer lease | copier company | copier vendor | copier dealer |
    print provider | printer company | copier supplier | print vendor
meter reading | meter read | page count | click charge | click rate | copy count |
    print count | print volume | page counter | billing meter | meter count
tripped breaker | breaker tripped | circuit breaker | tripped circuit | trip switch |
    tripped the breaker | breaker trip | rcd | rcd tripped | gfci | blown fuse | fuse blown |
    fuse blew | tripped fuse | overloaded circuit | circuit overload
on battery | on battery power | running on battery | battery mode | ups on battery | on ups |
    on ups power | switched to battery | battery power
low battery | battery low | battery critical | critical battery | battery almost dead |
    battery dying | battery warning | low battery warning
cloud server | cloud vm | azure vm | azure virtual machine | ec2 | ec2 instance |
    aws instance | aws server | hosted server | cloud-hosted server | iaas | azure server |
    cloud instance | vps | virtual private server
# Identity and access in lay terms
login screen | sign-in screen | logon screen | log in screen | lock screen | lockscreen |
    windows login screen | ctrl alt del | ctrl alt delete | password screen
screen lock | auto lock | screen timeout | screensaver | screen saver | idle timeout |
    inactivity timeout | inactivity lock | idle lock | automatic lock | screen locks itself |
    display timeout | screen goes off | screen turns off
# Too many people can open it: what a client notices and what a permission review finds.
overshared | oversharing | overshare | everyone has access | everyone can edit |
    everyone can see | everyone could edit | everybody can edit | everybody has access |
    open to everyone | open to all | too much access | excessive permission |
    overly permissive | everyone group | everyone permission
read-only | readonly | view only | can't edit | not editable | read access | read permission |
    view access | read-only access | can't save | opens read-only
grant access | give access | grant permission | give permission | add permission |
    provide access | access request | request access | give rights | grant rights |
    add access | need access
revoke access | remove access | take away access | remove permission | revoke permission |
    remove rights | access removed | withdraw access | cut off access | block access |
    disable access
# She got married: the technician changes the UPN, the address and the display name.
name change | change name | surname change | last name change | new surname | married name |
    maiden name | got married | rename user | rename the user | rename account |
    username change | change username | upn change | change upn | display name change |
    change display name
shared account | shared login | generic login | generic account | shared credential |
    shared password | common login | group login | team login | communal account |
    shared user
send as | sendas | send on behalf | on behalf of | send as permission | send from |
    send from another | send as another
email address | e-mail address | mail address | primary smtp address | primary smtp |
    primary email address | primary email | primary address | sender address | from address |
    reply-to address | reply address | smtp address
# Security in lay terms
host isolation | device isolation | endpoint isolation | machine isolation |
    network containment | network contain | contain host | contain the host |
    isolate the device | isolate the machine | isolate the host | isolate device |
    isolate machine | isolate host | isolate endpoint | quarantine the device |
    quarantine machine
# What stops the agent being removed: every vendor names it differently.
tamper protection | tamper protect | anti-tamper | tamper proofing | uninstall password |
    uninstall token | maintenance token | agent passphrase | s1 passphrase |
    uninstall passphrase | uninstall protection | removal password | uninstall code
scareware | fake virus warning | fake virus alert | virus popup | virus pop-up | scam popup |
    scam pop-up | fake popup | fake security alert | fake warning | tech support scam |
    browser hijack | browser hijacker | browser lock | fake antivirus | rogue antivirus
audit log | audit trail | unified audit log | ual | audit logging | activity log |
    audit history | audit search | audit record | who deleted | who changed | who moved |
    file audit | file auditing | access audit
# Backup and restore in lay terms
# Putting back how it was before a change, not restoring lost data.
roll back | rollback | revert | back out | backout | downgrade | undo the change |
    undo change | undo the update | revert back | roll it back | revert the change |
    uninstall the update | remove the update
backup drive | backup disk | backup hard drive | backup usb | usb backup | external backup |
    rotation drive | rotating drive | drive rotation | backup rotation | offsite drive | rdx |
    rdx cartridge | backup tape | tape backup | lto | tape drive
image backup | image-level backup | image-based backup | system image | system image backup |
    disk image | disk imaging | full image backup | machine image | full system backup |
    whole disk backup
# Scheduling in lay terms
# Who gets the updates first: the pilot machines, then the rest in waves.
deployment ring | update ring | patch ring | rollout ring | pilot group | pilot ring |
    pilot user | test group | test ring | early adopter | deployment wave | patch wave |
    rollout wave | update wave | first wave | second wave | phased rollout | staged rollout |
    staggered rollout | gradual rollout | canary | patch group | update group | update order |
    patch order
scheduled reboot | scheduled restart | reboot schedule | restart schedule | nightly reboot |
    weekly reboot | automatic reboot | auto reboot | auto restart | automatic restart |
    forced reboot | forced restart | reboot policy | reboot prompt | restart prompt |
    restart notification | reboot notification | reboot nag | deferred reboot |
    postpone restart | postpone reboot | delay restart | defer reboot
annual leave | holiday | vacation | pto | paid time off | time off | on leave | on holiday |
    on vacation | away on holiday | leave of absence | out on leave | parental leave |
    maternity leave | sick leave | off sick | out sick
public holiday | bank holiday | statutory holiday | federal holiday | national holiday |
    office closed | office closure | office shutdown | christmas closure |
    christmas shutdown | holiday closure | closed for christmas | company holiday
# Licensing and costs in lay terms
# Not bare "cal": technicians write that for a calendar.
cals | client access license | rds cal | user cal | device cal | rds license | rds licensing |
    terminal server license | terminal services license | rd licensing | windows server cal |
    cal pack | rds license server
price increase | price rise | price hike | price change | cost increase | rate increase |
    pricing change | new pricing | price going up | more expensive | increase in price |
    price uplift | uplift | cpi increase | annual increase
cost | price | pricing | expense | expensive | costly | pricey | budget | fee
cost saving | save money | reduce cost | cut cost | cost reduction | cheaper | cheap |
    cheaper option | cheaper alternative | lower cost | cost cutting | cut back |
    budget option | less expensive | cost-effective
nce | new commerce | new commerce experience | annual commitment | monthly commitment |
    annual term | monthly term | commitment term | term commitment | month-to-month |
    monthly billing | annual billing | annual subscription | monthly subscription |
    yearly subscription | paid annually | paid monthly | cancellation window
trial | free trial | trial license | trial version | trial period | evaluation license |
    eval license | evaluation copy | evaluation version | trial expired | trial ended |
    demo license | nfr | not for resale
license audit | license reconciliation | license true-up | true-up | license count |
    license review | license compliance | software audit | microsoft audit | license report |
    license usage | seat count
# Microsoft 365 in lay terms
room panel | room display | booking panel | scheduling panel | meeting room panel |
    room booking panel | teams panel | room scheduler | room booking display
teams channel | team channel | private channel | shared channel | standard channel |
    channel post | channel message | channel tab | channel file
copilot | microsoft copilot | m365 copilot | 365 copilot | microsoft 365 copilot |
    copilot chat | bing chat enterprise | copilot pro
# Bare "bookings" is the Microsoft product: the singular is a room or a hotel.
microsoft bookings | ms bookings | bookings | bookings app | booking page | online booking |
    appointment booking | booking calendar | booking link | scheduling page
teams status | presence status | teams presence | availability status | status stuck |
    stuck on away | stuck on offline | shows away | shows offline | appear away |
    appear offline | do not disturb | dnd | status not updating
mobile email | email on phone | mail on phone | email on mobile | phone email |
    outlook mobile | outlook for ios | outlook for android | activesync |
    exchange activesync | eas | native mail app | iphone mail | ios mail | apple mail
# OT and manufacturing in lay terms
production line | assembly line | manufacturing line | packaging line | packing line |
    bottling line | process line | work cell | production cell | manufacturing cell |
    machine cell | robot cell | robotic cell
production down | production stopped | production stoppage | production halt |
    production halted | line stopped | line stoppage | line stop | machine down |
    machine stopped | plant down | factory down | lost production | production outage |
    production impact | shop floor down | production loss
machinery | industrial machine | production machine | manufacturing equipment |
    production equipment | plant equipment | industrial equipment | factory equipment |
    shop floor equipment | heavy machinery | big machine
# Injection molding machines are "presses" on the shop floor too.
press machine | stamping press | press brake | punch press | hydraulic press | power press |
    press line | injection molding | injection molding machine | molding machine |
    injection press | molding press | injection molder
modbus | modbus tcp | modbus rtu | profinet | profibus | ethernet/ip | devicenet |
    industrial protocol | fieldbus | industrial ethernet protocol
robot | industrial robot | cobot | collaborative robot | robot arm | robotic arm | fanuc |
    kuka | abb robot | universal robots | yaskawa | motoman | robot controller |
    teach pendant
machine vision | vision system | vision camera | inspection camera | camera inspection |
    cognex | keyence | vision sensor | smart camera
machine builder | machine vendor | machine supplier | machine manufacturer |
    equipment vendor | equipment supplier | equipment manufacturer | system integrator |
    controls integrator | automation integrator | integrator | machine oem
shop floor pc | shop floor computer | production pc | production computer | line pc |
    machine pc | industrial pc | plant pc | floor pc | panel pc | shop floor terminal
bms | building management system | building management | building automation |
    building automation system | building controls | hvac controls | bacnet | tridium |
    niagara | jace
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
are back up | switch to | switch back | switch between | ad hoc | get back to |
trial and error
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
greyed>grayed ageing>aging artefact>artifact analogue>analog adaptor>adapter
adaptors>adapters fibres>fibers travelled>traveled travelling>traveling modelled>modeled
colours>colors coloured>colored behaviours>behaviors prioritised>prioritized
prioritising>prioritizing optimising>optimizing organising>organizing utilised>utilized
standardised>standardized categorised>categorized recognising>recognizing
unrecognised>unrecognized specialised>specialized personalise>personalize
personalised>personalized finalise>finalize finalised>finalized sanitise>sanitize
sanitised>sanitized digitise>digitize digitised>digitized modernise>modernize
modernisation>modernization synchronising>synchronizing customising>customizing
enquiry>inquiry enquiries>inquiries catalogues>catalogs dialogues>dialogs
digitising>digitizing digitisation>digitization mould>mold moulds>molds moulding>molding
moulded>molded practise>practice practised>practiced practising>practicing
instalment>installment instalments>installments fulfilment>fulfillment visualise>visualize
visualisation>visualization anonymise>anonymize anonymised>anonymized organiser>organizer
organisers>organizers realise>realize realised>realized utilising>utilizing
paediatric>pediatric orthopaedic>orthopedic anaesthetic>anesthetic disc>disk discs>disks
prioritises>prioritizes minimising>minimizing centralising>centralizing
standardising>standardizing
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
dchp>dhcp exsi>esxi veem>veeam labtop>laptop malwear>malware bandwith>bandwidth
adminstrator>administrator administator>administrator cleint>client techincian>technician
technican>technician mircosoft>microsoft microsft>microsoft synalogy>synology
synolgy>synology crowdstike>crowdstrike crowstrike>crowdstrike powershel>powershell
registery>registry regsitry>registry temprature>temperature tempature>temperature
warrenty>warranty reciept>receipt sucessful>successful succesful>successful
successfull>successful credentails>credentials crednetials>credentials calander>calendar
gatway>gateway ethernt>ethernet etherent>ethernet dekstop>desktop scaner>scanner
tonner>toner cartrige>cartridge catridge>cartridge batery>battery battry>battery
temporay>temporary tempory>temporary unistall>uninstall uninstal>uninstall
reinstal>reinstall schedual>schedule shedule>schedule lisence>license liscense>license
lisense>license latancy>latency encrytion>encryption encyption>encryption
vulnerablity>vulnerability vulnerabilty>vulnerability secuirty>security securty>security
suspicous>suspicious suspcious>suspicious subscripton>subscription subsciption>subscription
firware>firmware frimware>firmware keybord>keyboard keybaord>keyboard moniter>monitor
availible>available avaliable>available unavaliable>unavailable intermitent>intermittent
intermittant>intermittent complaince>compliance equiptment>equipment recovry>recovery
migraton>migration priorty>priority escelate>escalate esculate>escalate invoce>invoice
enginner>engineer rebot>reboot restrat>restart shutdwon>shutdown bakup>backup backkup>backup
accidently>accidentally accidentaly>accidentally deleated>deleted delted>deleted
overwriten>overwritten disconected>disconnected disconecting>disconnecting
attachement>attachment attatchment>attachment wierd>weird authenticater>authenticator
autheticator>authenticator verfication>verification verifcation>verification pirnter>printer
comptuer>computer computor>computer outook>outlook onedirve>onedrive sharepont>sharepoint
passwrd>password passward>password usernmae>username accont>account
surveillence>surveillance voicemial>voicemail confrence>conference conferance>conference
flakey>flaky latop>laptop destop>desktop monitior>monitor chrager>charger
tennant>tenant tenent>tenant retension>retention renewel>renewal outtage>outage
defendor>defender expried>expired permisson>permission permissons>permissions
sensitivty>sensitivity conditonal>conditional quarentine>quarantine
inteference>interference interferance>interference subcription>subscription
retreive>retrieve retreived>retrieved occassionally>occasionally occasionaly>occasionally
intermittantly>intermittently overwritting>overwriting
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
