package careguide

// Care option ids, stable across the web page, the rules and the tests.
const (
	CareWithdrawal  = "withdrawal_management"
	CareResidential = "residential"
	CarePHP         = "php"
	CareIOP         = "iop"
	CareOutpatient  = "outpatient"
	CareOTP         = "otp"
	CareOffice      = "office_medication"
)

// CareOption is one kind of care a person can look for. The descriptions
// keep to clinical-facts.md §8 and §11: level names and hours only, in our
// own words.
type CareOption struct {
	ID   string
	Name Text
	// What says what the option is, in a few plain sentences.
	What Text
}

// CareOptions returns every care option, from the most to the least
// intensive setting, then the medication options. Suggestions follow this
// order.
func CareOptions() []CareOption {
	return []CareOption{
		{
			ID:   CareWithdrawal,
			Name: Text{"en": "Withdrawal management (detox)", "es": "Manejo de la abstinencia (desintoxicación)"},
			What: Text{
				"en": "Medical help to get through withdrawal, in a hospital, in a residential program or while you live at home. It is the start of treatment, not all of it: plan with the program what comes next.",
				"es": "Ayuda médica para pasar la abstinencia, en un hospital, en un programa residencial o mientras vive en su casa. Es el comienzo del tratamiento, no todo el tratamiento: planee con el programa lo que sigue.",
			},
		},
		{
			ID:   CareResidential,
			Name: Text{"en": "Inpatient or residential treatment", "es": "Tratamiento hospitalario o residencial"},
			What: Text{
				"en": "You stay at the program, in a 24-hour setting, with counseling and a daily routine. In medically monitored programs nurses are there around the clock and a doctor is available; hospital programs are led by doctors.",
				"es": "Usted se queda en el programa, en un lugar con atención las 24 horas, con consejería y una rutina diaria. En los programas con supervisión médica hay personal de enfermería a toda hora y un médico disponible; los programas en hospital los dirigen médicos.",
			},
		},
		{
			ID:   CarePHP,
			Name: Text{"en": "Partial hospitalization (PHP)", "es": "Hospitalización parcial (PHP)"},
			What: Text{
				"en": "Treatment for most of the day, at least 20 hours a week, while you sleep at home.",
				"es": "Tratamiento durante gran parte del día, al menos 20 horas por semana, y usted duerme en su casa.",
			},
		},
		{
			ID:   CareIOP,
			Name: Text{"en": "Intensive outpatient (IOP)", "es": "Atención ambulatoria intensiva (IOP)"},
			What: Text{
				"en": "Several sessions a week, at least 9 hours a week for adults, while you live at home and often keep working or studying.",
				"es": "Varias sesiones por semana, al menos 9 horas por semana para adultos, mientras vive en su casa y muchas veces sigue trabajando o estudiando.",
			},
		},
		{
			ID:   CareOutpatient,
			Name: Text{"en": "Outpatient care", "es": "Atención ambulatoria"},
			What: Text{
				"en": "Regular appointments, fewer than 9 hours a week: counseling, and medication visits if you take medication.",
				"es": "Citas regulares, menos de 9 horas por semana: consejería y consultas para el medicamento si lo toma.",
			},
		},
		{
			ID:   CareOTP,
			Name: Text{"en": "Opioid treatment program (methadone)", "es": "Programa de tratamiento de opioides (metadona)"},
			What: Text{
				"en": "A certified clinic that gives methadone, usually with counseling. Only these programs can give methadone for opioid use. At first you take your dose at the clinic while staff watch; over time, doses to take home may be approved.",
				"es": "Una clínica certificada que da metadona, por lo general con consejería. Solo estos programas pueden dar metadona para el consumo de opioides. Al principio usted toma su dosis en la clínica mientras el personal observa; con el tiempo se pueden aprobar dosis para llevar a casa.",
			},
		},
		{
			ID:   CareOffice,
			Name: Text{"en": "Medication from a doctor's office (buprenorphine or naltrexone)", "es": "Medicamento en un consultorio (buprenorfina o naltrexona)"},
			What: Text{
				"en": "A doctor or other clinician prescribes buprenorphine, with regular visits, or gives long-acting naltrexone as an injection every 4 weeks (only after 7 to 10 days without opioids). Counseling can go along with it.",
				"es": "Un médico u otro profesional clínico receta buprenorfina, con consultas regulares, o aplica naltrexona de acción prolongada en una inyección cada 4 semanas (solo después de 7 a 10 días sin opioides). Puede acompañarse de consejería.",
			},
		},
	}
}
