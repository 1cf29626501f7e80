package web

func init() { addSpanish(spanishExport) }

// spanishExport translates the member's data rights: downloading a copy of
// their own data from the account page.
var spanishExport = map[string]string{
	"Download my data": "Descargar mis datos",
	"A copy of everything Onward holds about you: your account, recovery profile, check-ins, lapses, plan, urges, milestones, meetings, the people you share with, and who has seen your data.": "Una copia de todo lo que Onward guarda sobre usted: su cuenta, su perfil de recuperación, sus registros diarios, recaídas, plan, ganas de consumir, logros, reuniones, las personas con quienes comparte y quién ha visto sus datos.",
	"Download as JSON": "Descargar en JSON",
	"Complete. You can load it into another Onward.":                                                                            "Completa. Puede cargarla en otro Onward.",
	"Download for health records (FHIR)":                                                                                        "Descargar para historias clínicas (FHIR)",
	"Your check-ins and consents, in the format clinics and health apps read.":                                                  "Sus registros diarios y consentimientos, en el formato que leen las clínicas y las aplicaciones de salud.",
	"This account already has recovery data. A copy can only be loaded into an account that has none, so nothing was imported.": "Esta cuenta ya tiene datos de recuperación. Una copia solo puede cargarse en una cuenta que no tenga ninguno, así que no se importó nada.",
}
