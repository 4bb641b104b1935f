"""A corpus of passwords said in plain language or passed on command lines, and of clean
technician sentences that only talk about passwords, for the redactor's tests and for
bench/redaction_bench.py. Standard library only (no Django).

Every password is generated at run time from a seeded random generator, so that no
real-looking secret sits in the repository; none is, or was, a real credential.

    planted_records(rng) -> [(kind, text, secret)]   # secret: what must not survive
    clean_records(rng) -> [text]
"""

from __future__ import annotations

import json
import random
import string

__all__ = [
    "CLEAN_TEMPLATES",
    "HELD_OUT_CLEAN",
    "HELD_OUT_PLANTED",
    "PLANTED_TEMPLATES",
    "clean_records",
    "held_out_records",
    "planted_records",
]

_WORDS = (
    *("Winter", "Summer", "Spring", "Autumn", "Hunter", "Falcon", "Tiger", "River", "Marble"),
    *("Copper", "Harbor", "Maple", "Orange", "Rocket", "Silver", "Thunder", "Velvet"),
    *("Willow", "Zephyr", "Basalt", "Cobalt", "Ember", "Glacier"),
)
_SYMBOLS = "!#%*-_+.@"  # none that a shell would read unquoted ($, &, ?)
_USERS = ("jdoe", "svc_backup", "kiosk", "asmith", "scanner", "helpdesk", "mlopez", "sqlsvc")
_HOSTS = ("srv01", "dc02", "fs01.contoso.local", "sql03", "10.20.0.15", "nas01", "web02")


class _Gen:
    def __init__(self, rng: random.Random):
        self.r = rng

    def s(self, alphabet: str, n: int) -> str:
        return "".join(self.r.choice(alphabet) for _ in range(n))

    def pw(self) -> str:
        """A password in one of the shapes technicians use; always a letter and a digit."""
        style = self.r.randrange(4)
        if style == 0:  # Word + digits + symbol + tail: Hunter2-Qx9!vz
            return (
                self.r.choice(_WORDS)
                + self.s(string.digits, self.r.randint(1, 4))
                + self.r.choice(_SYMBOLS)
                + self.s(string.ascii_letters + string.digits, self.r.randint(2, 5))
            )
        if style == 1:  # random, mixed classes
            core = self.s(string.ascii_letters + string.digits + "!#%*-_+", self.r.randint(10, 16))
            return self.r.choice(string.ascii_letters) + core + self.r.choice(string.digits)
        if style == 2:  # passphrase-like: maple-Copper-river-42
            words = [self.r.choice(_WORDS) for _ in range(3)]
            return "-".join(w if self.r.random() < 0.5 else w.lower() for w in words) + str(
                self.r.randint(10, 99)
            )
        return (  # leetspeak: S3cr3tPass77
            self.r.choice(_WORDS).replace("e", "3").replace("o", "0").replace("a", "4")
            + self.s(string.ascii_uppercase, 1)
            + self.s(string.ascii_lowercase, 3)
            + self.s(string.digits, 2)
        )

    def pin(self) -> str:
        return self.s(string.digits, self.r.choice((4, 5, 6, 8)))

    def token(self) -> str:
        return self.s(string.ascii_letters + string.digits, self.r.randint(24, 40))

    def key(self) -> str:
        return "-".join(self.s(string.ascii_uppercase + string.digits, 5) for _ in range(5))

    def user(self) -> str:
        return self.r.choice(_USERS)

    def host(self) -> str:
        return self.r.choice(_HOSTS)


# (kind, template): {pw} {pin} {token} {key} are the secret; {user} {host} fillers.
PLANTED_TEMPLATES: tuple[tuple[str, str], ...] = (
    ("prose_is", "the password is {pw}"),
    ("prose_was", "The admin password was {pw} before the reset."),
    ("prose_eq", "local admin password = {pw}"),
    ("prose_colon", "Password: {pw}"),
    ("prose_old", "old password: {pw} (kept for the rollback)"),
    ("prose_to", "changed the password to {pw} for {user}"),
    ("prose_reset_to", "Reset {user}'s password to {pw} and ticked must-change."),
    ("prose_for_is", "the password for {user} on {host} is {pw}"),
    ("prose_with", "logged in as {user} with password {pw} and checked the share"),
    ("prose_set_to", "password set to {pw}, user must change it at next logon"),
    ("prose_has_been", "The password has been changed to {pw} as agreed"),
    ("prose_now", "the new password is now {pw}"),
    ("prose_quoted", 'Password is "{pw}" until Friday'),
    ("prose_is_colon", "wifi password is: {pw}"),
    ("pw_colon", "pw: {pw}"),
    ("pw_is", "the pw is {pw} for the NAS"),
    ("pw_bare", "temp pw {pw} given to the user by phone"),
    ("p_slash_w", "p/w: {pw}"),
    ("typo_pasword", "the pasword is {pw}"),
    ("typo_passwrod", "passwrod: {pw}"),
    ("typo_passowrd", "new passowrd is {pw}"),
    ("typo_psswd", "psswd {pw} for the scanner account"),
    ("passphrase", "the wifi passphrase is {pw}"),
    ("pin_is", "the PIN for the alarm panel is {pin}"),
    ("pin_colon", "door pin: {pin}"),
    ("secret_is", "the client secret is {token}"),
    ("token_is", "the API token is {token}"),
    ("key_is", "license key is {key}"),
    ("mysql_p", "mysql -u root -p{pw} crm"),
    ("mysqldump_p_quoted", "mysqldump -uroot -p'{pw}' --all-databases > all.sql"),
    ("mariadb_password_eq", "mariadb -h db01 -u app --password={pw} erp"),
    ("mysql_password_space", "mysql --user=backup --password {pw} crm"),
    ("sshpass_quoted", "sshpass -p '{pw}' ssh admin@{host}"),
    ("sshpass_glued", "sshpass -p{pw} scp backup.tar admin@{host}:/tmp/"),
    ("net_user_add", "net user {user} {pw} /add"),
    ("net_user_domain", "net user {user} {pw} /domain"),
    ("net_use", "net use Z: \\\\{host}\\share {pw} /user:CORP\\{user}"),
    ("pgpassword", "PGPASSWORD={pw} pg_dump -h {host} -U postgres crm"),
    ("pgpassword_ps", "$env:PGPASSWORD = '{pw}'"),
    ("mysql_pwd_env", "export MYSQL_PWD={pw}"),
    ("curl_u", "curl -u {user}:{pw} https://{host}/api/status"),
    ("smbclient", "smbclient //{host}/share -U {user}%{pw}"),
    ("smbclient_domain", "smbclient //{host}/share -U 'CORP\\{user}%{pw}'"),
    ("htpasswd_b", "htpasswd -b /etc/nginx/.htpasswd {user} {pw}"),
    ("htpasswd_bc", "htpasswd -bc /etc/apache2/.htpasswd {user} {pw}"),
    ("htpasswd_nb", "htpasswd -nbB {user} {pw}"),
    ("echo_sudo_quoted", "echo '{pw}' | sudo -S systemctl restart nginx"),
    ("echo_sudo_bare", "echo {pw} | sudo -S apt-get upgrade -y"),
    ("securestring", "$pw = ConvertTo-SecureString '{pw}' -AsPlainText -Force"),
    ("securestring_string", 'ConvertTo-SecureString -String "{pw}" -AsPlainText -Force'),
    (
        "set_adaccountpassword",
        "Set-ADAccountPassword -Identity {user} -Reset -NewPassword "
        "(ConvertTo-SecureString -AsPlainText '{pw}' -Force)",
    ),
    ("set_adaccountpassword_plain", "Set-ADAccountPassword {user} -Reset -NewPassword '{pw}'"),
    (
        "new_localuser",
        "New-LocalUser -Name {user} -Password (ConvertTo-SecureString '{pw}' -AsPlainText -Force)",
    ),
    ("new_localuser_plain", "New-LocalUser {user} -Password '{pw}' -FullName Kiosk"),
    ("psexec", "psexec \\\\{host} -u CORP\\{user} -p {pw} cmd"),
    ("psexec64_quoted", 'PsExec64.exe \\\\{host} -u {user} -p "{pw}" ipconfig /all'),
    ("sqlcmd", 'sqlcmd -S {host} -U sa -P {pw} -Q "select @@version"'),
    ("ldapsearch", "ldapsearch -x -H ldap://{host} -D cn=admin,dc=corp -w {pw} -b dc=corp"),
)

# Clean sentences: they talk about passwords (and pins, keys, tokens) without one in them.
CLEAN_TEMPLATES: tuple[str, ...] = (
    "reset the password",
    "Reset the password for {user} and sent the self-service link.",
    "password policy is 14 characters",
    "The password policy is 14 characters minimum with complexity on.",
    "the password is in the vault",
    "The password is in the vault under {host}.",
    "changed the password",
    "Changed the password for {user} after the phishing report.",
    "The password was reset yesterday by the helpdesk.",
    "the password is correct but the account is locked",
    "the password is expired",
    "The password is wrong, {user} keeps typing the old one.",
    "password expires in 14 days",
    "Password expiry is set to 90 days for the accounting OU.",
    "password must be 12 characters",
    "The password must be at least 16 characters long.",
    "password length is 12-16 characters",
    "the password is 14 characters long",
    "the password was 90 days old",
    "password changed on 2024-05-01 by {user}",
    "password history is 24 passwords",
    "account locks after 5 wrong password attempts",
    "The password hash is argon2id now.",
    "password hash is sha256-hashed in the old app",
    "The password is WPA2 protected",
    "the wifi password is on the sticker under the router",
    "the wifi password is the same as last year",
    "The password to the vault is held by the office manager.",
    "sent the password to {user} through the one-time share link",
    "Sent the password to {user} by SMS, not by mail.",
    "the password for {host} is in IT Glue",
    "The password for {user} is stored in Hudu.",
    "password is in Bitwarden under the client folder",
    "password is unknown, we need a reset",
    "password is blank on the old printer",
    "the password is required at every logon",
    "password is set, user must change it at next logon",
    "password set to expire at next logon",
    "password reset to the default from the vault",
    "password was changed by {user} at 10:42",
    "the password has been reset twice this week",
    "the new password is in the vault",
    "new password has been sent to the manager",
    "old password no longer works after the sync",
    "the admin password is different on every site",
    "the admin password is the one in the vault",
    "User called about a password reset; walked them through the portal.",
    "Remember: never email a password, use the vault share link instead.",
    "The password field on the login form is now masked on mobile too.",
    "Added a password_reset_view test and fixed the redirect after reset.",
    "password manager rollout is planned for March",
    "password spraying attempts seen from {host}",
    "Enabled password writeback in Entra Connect.",
    "Disabled password expiry for the service accounts, per the new policy.",
    "Self-service password reset is enabled for all users.",
    "password complexity requirements: upper, lower, digit and symbol",
    "The local admin password is managed by LAPS.",
    "LAPS rotates the local admin password every 30 days.",
    "password rotation for {user} is due next week",
    "password sync between on-prem AD and Entra took 2 minutes",
    "The BIOS password is set on all new laptops.",
    "BIOS password is in the vault, not on the asset tag.",
    "the pin is 4 digits",
    "The PIN must be 6 digits for Windows Hello.",
    "pin reset done through the Intune portal",
    "The door pin is with the office manager.",
    "the key is in the drawer of the server room",
    "the key is 2048 bits",
    "The SSH key is ed25519 now.",
    "The key is RSA-4096 on the old gateway.",
    "recovery key is stored in Entra ID",
    "BitLocker recovery key is escrowed to AD",
    "the license key is in the contract folder",
    "the API key is in the vault",
    "API key rotated, new one in the vault",
    "the token is valid for 60 minutes",
    "token lifetime is 3600 seconds",
    "The token is expired, re-run the login.",
    "the MFA token is TOTP based",
    "hardware token is with {user}",
    "the secret is stored in Azure Key Vault",
    "client secret expires in 24 months",
    "the secret is out: the office moves in May",
    "The client secret was rotated and the app updated.",
    "mysql -u root -p crm < dump.sql",
    "Use mysql -u root -p and type the password when asked.",
    "mysqldump -h db01 -P 3306 -u backup -p crm > crm.sql",
    "mariadb -u root -p",
    "mysql --defaults-file=/root/.my.cnf crm",
    "sshpass -f /root/.ssh/pw.txt ssh admin@{host}",
    "sshpass -e ssh admin@{host}",
    "net user {user} /delete",
    "net user {user} * /add",
    "net user {user} /active:no",
    "net user {user} /domain",
    "net use Z: \\\\{host}\\share /persistent:yes",
    "net use Z: \\\\{host}\\share * /user:CORP\\{user}",
    "curl -u {user} https://{host}/api/status",
    "smbclient //{host}/share -U {user}",
    "smbclient -L //{host} -N",
    "htpasswd /etc/nginx/.htpasswd {user}",
    "htpasswd -D /etc/nginx/.htpasswd {user}",
    "echo $PATH | sudo -S tee /etc/environment",
    "echo done | tee -a /var/log/setup.log",
    "sudo -S apt-get update < /dev/null",
    "$pw = ConvertTo-SecureString $plain -AsPlainText -Force",
    "$pw = Read-Host -AsSecureString",
    "Set-ADAccountPassword -Identity {user} -Reset",
    "Set-ADAccountPassword {user} -NewPassword $newpw -Reset",
    "New-LocalUser -Name {user} -Password $secure -FullName Kiosk",
    "New-LocalUser -Name {user} -NoPassword",
    "psexec \\\\{host} -s cmd",
    "psexec \\\\{host} -u CORP\\{user} ipconfig",
    'sqlcmd -S {host} -E -Q "select 1"',
    "PGPASSWORD is set from the vault in the backup script",
    "export PGPASSWORD=$(cat /root/.pgpass_crm)",
    "psql --no-password -h {host} crm",
    "the backup uses ~/.pgpass, no password on the command line",
    "ldapsearch -x -H ldap://{host} -D cn=admin,dc=corp -W -b dc=corp",
    "Password Policy: 14 characters, 24 remembered, 10 minute lockout",
    "password: see vault",
    "Password: in the vault",
    "password: ******** (masked in the screenshot)",
    "password=<your password>",
    "password: {{{{ vault_db_password }}}}",
    "password_last_set is older than 90 days for {user}",
    "must_change_password is true for the new starters",
    "the password prompt hangs on the Mac clients",
    "password prompt appears twice in Outlook after the update",
    "Outlook keeps asking for the password since the migration.",
    "user forgot the password again, reset done",
    "the password is case sensitive",
    "the password is not the problem, the account is disabled",
    "password is fine, MFA push is failing",
    "password for the guest network is printed at reception",
    "password for {host} rotated by the script at 02:00",
    "the pw is in the vault",
    "pw reset done for {user}",
    "the pasword is in the vault",
    "passwrod reset requested by {user}",
    "the passphrase is in the vault",
    "set the password to never expire for the kiosk account",
    "changed the password to something stronger",
    "reset the password to a temporary one and sent it by SMS",
    "forced a password change at next logon for all admins",
    "password change failed: does not meet complexity",
    "The password does not meet the length requirement.",
    "password reuse blocked for the last 24",
    "password vault access audited for {user}",
    "two passwords were found in the old wiki and rotated",
    "passwords are stored in the vault, never in tickets",
    "tokens: 1532, key: value, keyboard: us",
    "The printer has no admin password set.",
    "the router admin password is still the default, change it",
    "The default password is on the label; changed on install.",
    "password reset link expires in 30 minutes",
    "token to {user} was revoked",
    "the key to the rack is at reception",
    "key is F5 to enter the boot menu",
    "press the key combination Ctrl+Alt+Del",
    "primary key is client_id",
    "the secret santa list is out",
    "the PIN was reset on the phone",
    "pin code is with the manager",
    "the password is at https://vault.example.com/folder/{host}",
    "the password is {user}'s responsibility",
    "password is now managed by the vault",
    "password is still the old one on {host}",
    "password was rotated on {host} at 02:00",
    "password updated in the vault after the change",
    "the password was sent to {user}@example.com by the portal",
    "password to {user} via phone only",
)


# Written after the rules were tuned and never tuned against: the bench reports them
# apart, as an estimate of how the rules do on phrasings they were not written for.
HELD_OUT_PLANTED: tuple[tuple[str, str], ...] = (
    ("held_out", "Client's new wifi key: {pw}"),
    ("held_out", "user {user} / pass {pw}"),
    ("held_out", "creds for the NAS are admin and {pw}"),
    ("held_out", "Login admin, password {pw}, ask before using"),
    ("held_out", "I set her password to {pw} and told her to change it"),
    ("held_out", "tmp password -> {pw}"),
    ("held_out", "PW {pw}"),
    ("held_out", "The Password Is {pw}"),
    ("held_out", "password was: {pw}"),
    ("held_out", "the admin pwd is {pw}"),
    ("held_out", "new pass: {pw}"),
    ("held_out", "its password is now {pw}."),
    ("held_out", "password for the wifi (guest): {pw}"),
    ("held_out", "mysql -h {host} -u root -p{pw} -e 'show databases'"),
    ("held_out", 'sshpass -p "{pw}" rsync -a /srv/ backup@{host}:/srv/'),
    ("held_out", "net user administrator {pw}"),
    ("held_out", "NET USER {user} {pw} /ADD /DOMAIN"),
    ("held_out", "PGPASSWORD='{pw}' psql -h {host} -U app"),
    ("held_out", "smbclient -U {user}%{pw} //{host}/scans"),
    ("held_out", 'echo "{pw}" | sudo -S reboot'),
    (
        "held_out",
        'New-LocalUser -Name {user} -Password (ConvertTo-SecureString "{pw}" -AsPlainText -Force)',
    ),
    ("held_out", "psexec64 -u {user} -p {pw} \\\\{host} hostname"),
    ("held_out", "htpasswd -cb .htpasswd {user} {pw}"),
    ("held_out", "mariadb-dump -u{user} -p{pw} --single-transaction erp"),
    ("held_out", "the alarm code is {pin}"),
)
HELD_OUT_CLEAN: tuple[str, ...] = (
    "Password reset for {user} done via the portal, MFA re-registered.",
    "The password complexity GPO now requires 15 characters.",
    "password expired for {user}, reset and unlocked",
    "Told {user} the password is case-sensitive.",
    "The password was changed last week, check the vault.",
    "password sync issue between AD and Entra fixed",
    "Changed the password policy to 12 characters minimum.",
    "the password is saved in the browser, removed it",
    "Password manager extension installed on {host}.",
    "the wifi password was rotated on Monday",
    "password is too short for the new policy",
    "password writeback failed with event 33004",
    "key rotation for the storage account is scheduled",
    "The key vault access policy was updated.",
    "token expired at 10:30, user re-authenticated",
    "the token is cached by the Teams client",
    "pin login disabled by policy on {host}",
    "the secret scanning alert was a false positive",
    "mysql -u {user} -p < schema.sql",
    "mysqldump --single-transaction -u backup -p erp > erp.sql",
    "ssh -p 2222 {user}@{host}",
    "mkdir -p /srv/backups/{host}",
    "net user {user} /active:yes",
    "net use \\\\{host}\\share /delete",
    "sudo -S true < /dev/null",
    "Set-ADAccountPassword -Identity {user} -Reset -NewPassword $pw",
    "psexec -s -i \\\\{host} cmd",
    "htpasswd -D .htpasswd {user}",
    "curl -u {user} https://{host}/health",
    "smbclient -L //{host} -U {user}",
    "password must not contain the user name",
    "The password has to be changed every 90 days.",
    "password prompt loops on the VPN client",
    "password hash sync enabled in Entra Connect",
    "The old password still works on {host}, replication lag.",
    "the password field is empty in the CSV export",
    "password resets are logged in the audit trail",
    "passwords for the kiosks are in the vault folder Kiosks",
    "pin reset requested by {user}",
    "the key card for the server room is at reception",
)


def held_out_records(rng: random.Random) -> tuple[list[tuple[str, str, str]], list[str]]:
    """(planted, clean) of the held-out sets, filled once each."""
    g = _Gen(rng)
    planted = []
    for kind, template in HELD_OUT_PLANTED:
        text, secret = _fill(template, g)
        planted.append((kind, text, secret))
    return planted, [_fill(t, g)[0] for t in HELD_OUT_CLEAN]


def _fill(template: str, g: _Gen) -> tuple[str, str]:
    values = {
        "pw": g.pw(),
        "pin": g.pin(),
        "token": g.token(),
        "key": g.key(),
        "user": g.user(),
        "host": g.host(),
    }
    secret = next(
        (values[k] for k in ("pw", "pin", "token", "key") if "{" + k + "}" in template), ""
    )
    return template.format(**values), secret


def planted_records(rng: random.Random, per_template: int = 3) -> list[tuple[str, str, str]]:
    """``per_template`` records per template: (kind, text, secret). One in three is sent
    as the JSON a Claude Code hook posts (escaped quotes and backslashes)."""
    g = _Gen(rng)
    out = []
    for n in range(per_template):
        for kind, template in PLANTED_TEMPLATES:
            text, secret = _fill(template, g)
            if n % 3 == 1:
                text = f"Ticket #{g.s(string.digits, 5)}: {text}"
            if n % 3 == 2:
                text = json.dumps({"tool_name": "Bash", "tool_input": {"command": text}})
            out.append((kind, text, secret))
    return out


def clean_records(rng: random.Random, per_template: int = 3) -> list[str]:
    """``per_template`` renderings of each clean template (the fillers vary), one in
    three as hook JSON."""
    g = _Gen(rng)
    out = []
    for n in range(per_template):
        for template in CLEAN_TEMPLATES:
            text, _ = _fill(template, g)
            if n % 3 == 1:  # as pasted from a ticket
                text = f"Ticket #{g.s(string.digits, 5)}: {text}"
            if n % 3 == 2:
                text = json.dumps({"prompt": text, "session_id": "s-" + g.s(string.digits, 6)})
            out.append(text)
    return out
