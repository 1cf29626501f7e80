package instrument

import "github.com/onward-recovery/onward/internal/i18n"

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
		ID:          BAM,
		ShortName:   "BAM",
		Name:        i18n.M("instrument.bam.name"),
		Description: i18n.M("instrument.bam.about"),
		Timeframe:   i18n.M("instrument.timeframe.past_30_days"),
		Audience:    AudienceSelf,
		Items:       bamItems(),
		MinTotal:    0,
		MaxTotal:    60,
		HasTotal:    false,
		Subscales: []Subscale{
			{ID: BAMUse, Label: i18n.M("instrument.bam.subscale.use")},
			{ID: BAMRisk, Label: i18n.M("instrument.bam.subscale.risk")},
			{ID: BAMProtective, Label: i18n.M("instrument.bam.subscale.protective"), HigherIsBetter: true},
		},
		Sources: []Source{
			{Citation: "Cacciola JS, Alterman AI, DePhilippis D, et al. Development and initial evaluation of the Brief Addiction Monitor (BAM). J Subst Abuse Treat. 2013;44(3):256–263.", URL: "https://pmc.ncbi.nlm.nih.gov/articles/PMC3602977"},
			{Citation: "DePhilippis D, Goodman J, Beamer K, Bloedorn S. Brief Addiction Monitor (BAM) manual for use in SUD group treatment, Philadelphia VAMC CESATE, draft 2014.", URL: "https://vdocument.in/brief-addiction-monitor-bam-manual-for-use-in-sud-brief-addiction-monitor.html"},
			{Citation: "Kipu Health, BAM assessments overview.", URL: "https://www.kipu.health/bam-assessments/"},
		},
		NotADiagnosis: true,
	}
}

// bam starts the ids of the BAM's wording.
const bam = "instrument.bam."

func bamItems() []Item {
	days := func(id, subscale string) Item {
		it := item(bam, id, dayCount())
		it.Subscale = subscale
		return it
	}
	extent := func(id, subscale string) Item {
		it := item(bam, id, extent0to4())
		it.Subscale = subscale
		return it
	}
	// drugClass is one of 7A–7G: detail for item 6, asked only when item 6
	// reports drug use, so it may be left out and is never scored.
	drugClass := func(id string) Item {
		it := item(bam, id, dayCount())
		it.Scored, it.Optional = false, true
		return it
	}
	physicalHealth := itemWithOwnAnswers(bam, "1", 0, 1, 2, 3, 4) // excellent … poor
	physicalHealth.Subscale = BAMRisk
	// The published form scores this yes/no item 0 or 4, on the scale of
	// the other items, not 0 or 1.
	enoughIncome := itemWithOwnAnswers(bam, "14", 0, 4)
	enoughIncome.Subscale = BAMProtective
	// Item 17 is an overall view of progress, outside every composite.
	progress := item(bam, "17", extent0to4())
	progress.Scored = false

	return []Item{
		physicalHealth,
		days("2", BAMRisk),          // sleep
		days("3", BAMRisk),          // mood
		days("4", BAMUse),           // any alcohol
		days("5", BAMUse),           // heavy drinking
		days("6", BAMUse),           // drugs
		drugClass("7A"),             // marijuana
		drugClass("7B"),             // sedatives
		drugClass("7C"),             // cocaine
		drugClass("7D"),             // other stimulants
		drugClass("7E"),             // opioids
		drugClass("7F"),             // inhalants
		drugClass("7G"),             // other drugs
		extent("8", BAMRisk),        // cravings
		extent("9", BAMProtective),  // confidence
		days("10", BAMProtective),   // self-help meetings
		days("11", BAMRisk),         // risky situations
		extent("12", BAMProtective), // religion or spirituality
		days("13", BAMProtective),   // work, study or volunteering
		enoughIncome,
		extent("15", BAMRisk),     // arguments with family or friends
		days("16", BAMProtective), // time with supportive family or friends
		progress,
	}
}
