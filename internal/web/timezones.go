package web

// timeZones offered at sign-up: the zones where Onward's languages are
// mostly spoken. The page script preselects the browser's own zone; the
// API accepts any IANA name.
var timeZones = []string{
	"America/New_York", "America/Chicago", "America/Denver", "America/Phoenix", "America/Los_Angeles",
	"America/Anchorage", "Pacific/Honolulu", "America/Puerto_Rico", "America/Halifax", "America/Toronto",
	"America/Winnipeg", "America/Edmonton", "America/Vancouver", "America/St_Johns", "America/Mexico_City",
	"America/Tijuana", "America/Guatemala", "America/El_Salvador", "America/Tegucigalpa", "America/Managua",
	"America/Costa_Rica", "America/Panama", "America/Havana", "America/Santo_Domingo", "America/Bogota",
	"America/Caracas", "America/Lima", "America/Guayaquil", "America/La_Paz", "America/Santiago",
	"America/Asuncion", "America/Montevideo", "America/Argentina/Buenos_Aires", "America/Sao_Paulo",
	"Europe/London", "Europe/Dublin", "Europe/Madrid", "Atlantic/Canary", "Europe/Lisbon", "Europe/Paris",
	"Europe/Berlin", "Australia/Sydney", "Australia/Melbourne", "Australia/Brisbane", "Australia/Adelaide",
	"Australia/Perth", "Pacific/Auckland", "UTC",
}
