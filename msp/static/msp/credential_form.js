// A new credential: show only the secret inputs of the type chosen (the server offers
// all six on the add page; an existing credential's page offers its type's only).
"use strict";
(function () {
  const data = document.getElementById("msp-type-secrets");
  const select = document.getElementById("id_credential_type");
  if (!data || !select) return;
  const byType = JSON.parse(data.textContent);
  const all = ["password", "api_key", "client_secret", "token", "connection_string", "private_key"];
  function update() {
    const wanted = byType[select.value] || all;
    for (const name of all) {
      for (const prefix of ["set", "clear"]) {
        const row = document.querySelector(".field-" + prefix + "_" + name);
        if (row) row.hidden = !wanted.includes(name);
      }
    }
  }
  select.addEventListener("change", update);
  update();
})();
