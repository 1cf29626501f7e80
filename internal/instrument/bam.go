package instrument

// BAM subscale ids (Cacciola et al. 2013; VA BAM manual).
const (
	BAMUse        = "use"
	BAMRisk       = "risk"
	BAMProtective = "protective"
)

// newBAM builds the Brief Addiction Monitor: 17 items about the past 30 days,
// read as three composites (use, risk, protective). The developers publish no
// total score and no validated cut-offs and stress item-level review, so
// HasTotal is false (Result.Total stays 0) and there are no bands. Items
// 7A–7G detail item 6 and, like item 17, add to no composite.
func newBAM() *Definition {
	return &Definition{
		ID:        BAM,
		ShortName: "BAM",
		Name: Text{
			"en": "Brief Addiction Monitor",
			"es": "Monitor Breve de Adicción",
		},
		Description: Text{
			"en": "Seventeen questions about the past 30 days: substance use, what raises the risk of using, and what " +
				"supports recovery. It gives three separate scores, not a total, and each answer matters on its own.",
			"es": "Diecisiete preguntas sobre los últimos 30 días: consumo de sustancias, lo que aumenta el riesgo de " +
				"consumir y lo que apoya la recuperación. Da tres puntuaciones separadas, no un total, y cada respuesta importa por sí sola.",
		},
		Timeframe: Text{"en": "Past 30 days", "es": "Últimos 30 días"},
		Audience:  AudienceSelf,
		Items:     bamItems(),
		MinTotal:  0,
		MaxTotal:  60,
		HasTotal:  false,
		Subscales: []Subscale{
			{ID: BAMUse, Label: Text{"en": "Substance use", "es": "Consumo de sustancias"}},
			{ID: BAMRisk, Label: Text{"en": "Risk factors", "es": "Factores de riesgo"}},
			{ID: BAMProtective, Label: Text{"en": "Protective factors", "es": "Factores de protección"}, HigherIsBetter: true},
		},
		Sources: []Source{
			{Citation: "Cacciola JS, Alterman AI, DePhilippis D, et al. Development and initial evaluation of the Brief Addiction Monitor (BAM). J Subst Abuse Treat. 2013;44(3):256–263.", URL: "https://pmc.ncbi.nlm.nih.gov/articles/PMC3602977"},
			{Citation: "DePhilippis D, Goodman J, Beamer K, Bloedorn S. Brief Addiction Monitor (BAM) manual for use in SUD group treatment, Philadelphia VAMC CESATE, draft 2014.", URL: "https://vdocument.in/brief-addiction-monitor-bam-manual-for-use-in-sud-brief-addiction-monitor.html"},
			{Citation: "Kipu Health, BAM assessments overview.", URL: "https://www.kipu.health/bam-assessments/"},
		},
		NotADiagnosis: true,
	}
}

func bamItems() []Item {
	days := func(id, subscale string, text Text) Item {
		return Item{ID: id, Text: text, Options: dayCount(), Scored: true, Subscale: subscale}
	}
	extent := func(id, subscale string, text Text) Item {
		return Item{ID: id, Text: text, Options: extent0to4(), Scored: true, Subscale: subscale}
	}
	// drugClass is one of 7A–7G: detail for item 6, asked only when item 6
	// reports drug use, so it may be left out and is never scored.
	drugClass := func(id string, text Text) Item {
		return Item{ID: id, Text: text, Options: dayCount(), Optional: true}
	}

	return []Item{
		{ID: "1", Scored: true, Subscale: BAMRisk,
			Text: Text{
				"en": "How would you rate your physical health over the past 30 days?",
				"es": "¿Cómo calificaría su salud física en los últimos 30 días?",
			},
			Options: []Option{
				{0, Text{"en": "Excellent", "es": "Excelente"}},
				{1, Text{"en": "Very good", "es": "Muy buena"}},
				{2, Text{"en": "Good", "es": "Buena"}},
				{3, Text{"en": "Fair", "es": "Regular"}},
				{4, Text{"en": "Poor", "es": "Mala"}},
			}},
		days("2", BAMRisk, Text{
			"en": "On how many nights did you have trouble getting to sleep or staying asleep?",
			"es": "¿Cuántas noches le costó dormirse o seguir dormido?",
		}),
		days("3", BAMRisk, Text{
			"en": "On how many days did you feel depressed, anxious, angry or very upset for most of the day?",
			"es": "¿Cuántos días se sintió deprimido, ansioso, enojado o muy alterado durante la mayor parte del día?",
		}),
		days("4", BAMUse, Text{
			"en": "On how many days did you drink any alcohol at all?",
			"es": "¿Cuántos días tomó alcohol, aunque fuera poco?",
		}),
		days("5", BAMUse, Text{
			"en": "On how many days did you have 5 or more drinks (men) or 4 or more (women)? " +
				"One drink is a 12 oz beer, a 5 oz glass of wine or a 1.5 oz shot of spirits.",
			"es": "¿Cuántos días tomó 5 bebidas o más (hombres) o 4 o más (mujeres)? " +
				"Una bebida es una cerveza de 355 ml, una copa de vino de 150 ml o un trago de licor de 45 ml.",
		}),
		days("6", BAMUse, Text{
			"en": "On how many days did you use any illegal or street drugs, or misuse any prescription medicine?",
			"es": "¿Cuántos días consumió drogas ilegales o de la calle, o usó de forma indebida algún medicamento recetado?",
		}),
		drugClass("7A", Text{
			"en": "Days you used marijuana or cannabis",
			"es": "Días en que consumió marihuana o cannabis",
		}),
		drugClass("7B", Text{
			"en": "Days you used sedatives or tranquilizers (such as benzodiazepines, sleeping pills or barbiturates)",
			"es": "Días en que consumió sedantes o tranquilizantes (como benzodiacepinas, pastillas para dormir o barbitúricos)",
		}),
		drugClass("7C", Text{
			"en": "Days you used cocaine or crack",
			"es": "Días en que consumió cocaína o crack",
		}),
		drugClass("7D", Text{
			"en": "Days you used other stimulants (such as amphetamine or methamphetamine)",
			"es": "Días en que consumió otros estimulantes (como anfetamina o metanfetamina)",
		}),
		drugClass("7E", Text{
			"en": "Days you used opioids (such as heroin, fentanyl, morphine, oxycodone or codeine)",
			"es": "Días en que consumió opioides (como heroína, fentanilo, morfina, oxicodona o codeína)",
		}),
		drugClass("7F", Text{
			"en": "Days you used inhalants (such as glue, solvents or paint thinner)",
			"es": "Días en que consumió inhalantes (como pegamento, disolventes o diluyente de pintura)",
		}),
		drugClass("7G", Text{
			"en": "Days you used other drugs (such as steroids, non-prescription sleep or diet pills, or unknown medicines)",
			"es": "Días en que consumió otras drogas (como esteroides, pastillas para dormir o adelgazar sin receta, o medicamentos desconocidos)",
		}),
		extent("8", BAMRisk, Text{
			"en": "How much were you bothered by cravings or urges to drink or use drugs?",
			"es": "¿Cuánto le molestaron los antojos o las ganas de beber o consumir drogas?",
		}),
		extent("9", BAMProtective, Text{
			"en": "How confident are you that you can stay completely free of alcohol and drugs over the next 30 days?",
			"es": "¿Qué tan seguro está de poder mantenerse totalmente libre de alcohol y drogas en los próximos 30 días?",
		}),
		days("10", BAMProtective, Text{
			"en": "On how many days did you go to self-help meetings (such as AA, NA or SMART Recovery) to support your recovery?",
			"es": "¿Cuántos días fue a reuniones de autoayuda (como AA, NA o SMART Recovery) para apoyar su recuperación?",
		}),
		days("11", BAMRisk, Text{
			"en": "On how many days were you in situations or with people that could raise your risk of drinking or using (risky people, places or things)?",
			"es": "¿Cuántos días estuvo en situaciones o con personas que podían aumentar su riesgo de beber o consumir (personas, lugares o cosas de riesgo)?",
		}),
		extent("12", BAMProtective, Text{
			"en": "How much does your religion or spirituality support your recovery?",
			"es": "¿Cuánto apoya su religión o espiritualidad su recuperación?",
		}),
		days("13", BAMProtective, Text{
			"en": "On how many days did you spend much of the day working, studying or volunteering?",
			"es": "¿Cuántos días pasó buena parte del día trabajando, estudiando o haciendo voluntariado?",
		}),
		{ID: "14", Scored: true, Subscale: BAMProtective,
			Text: Text{
				"en": "Do you have enough income from legal sources to pay for necessities such as housing, transport, food and clothing for yourself and anyone who depends on you?",
				"es": "¿Tiene ingresos suficientes de fuentes legales para pagar lo necesario, como vivienda, transporte, comida y ropa, para usted y para quienes dependen de usted?",
			},
			// The published form scores this yes/no item 0 or 4, on the
			// scale of the other items, not 0 or 1.
			Options: []Option{
				{0, Text{"en": "No", "es": "No"}},
				{4, Text{"en": "Yes", "es": "Sí"}},
			}},
		extent("15", BAMRisk, Text{
			"en": "How much were you bothered by arguments or trouble getting along with family or friends?",
			"es": "¿Cuánto le molestaron las discusiones o los problemas para llevarse bien con familiares o amigos?",
		}),
		days("16", BAMProtective, Text{
			"en": "On how many days were you in touch with, or spent time with, family or friends who support your recovery?",
			"es": "¿Cuántos días estuvo en contacto o pasó tiempo con familiares o amigos que apoyan su recuperación?",
		}),
		// Item 17 is an overall view of progress, outside every composite.
		{ID: "17", Options: extent0to4(),
			Text: Text{
				"en": "How satisfied are you with your progress toward your recovery goals?",
				"es": "¿Qué tan satisfecho está con su avance hacia sus metas de recuperación?",
			}},
	}
}
