package sqlstore

import (
	"context"
	"fmt"
	"strings"
)

// A re-import of a whole feed makes the directory match it: what the feed
// no longer lists is withdrawn. Withdrawn rows are hidden from every search
// but kept, because members' notes of meetings, and programs' staff,
// requests and consents, point at them; a later import that lists a row
// again restores it.

// sourceIDs collects the ids of a feed's rows.
func sourceIDs[T any](rows []T, id func(T) string) map[string]bool {
	out := make(map[string]bool, len(rows))
	for _, r := range rows {
		out[id(r)] = true
	}
	return out
}

// keptByRejection reports whether a rejected row of the file keeps the
// stored row id: the same id, or one of its days ("slug/3") when a Meeting
// Guide row listed several.
func keptByRejection(id string, keep []string) bool {
	for _, k := range keep {
		if k != "" && (id == k || strings.HasPrefix(id, k+"/")) {
			return true
		}
	}
	return false
}

// withdrawMissing withdraws the listed rows of table from source that are
// not present in the new file, except the rows kept by a rejection and,
// when staffColumn is set, the rows a program's own staff maintain (they
// know better than a national export that dropped them). It returns how
// many it withdrew, kept for a rejection, and kept for their staff.
func (tx *Tx) withdrawMissing(ctx context.Context, table, source string, present map[string]bool, keep []string,
	staffColumn string) (withdrawn, keptRejected, keptStaff int, err error) {
	staff := "0"
	if staffColumn != "" {
		staff = "CASE WHEN " + staffColumn + " IS NULL THEN 0 ELSE 1 END"
	}
	rows, err := tx.query(ctx, "SELECT id, source_id, "+staff+" FROM "+table+
		" WHERE source = ? AND withdrawn_at IS NULL", source)
	if err != nil {
		return 0, 0, 0, fmt.Errorf("find %s that left the feed: %w", table, err)
	}
	var gone []string
	for rows.Next() {
		var id, sourceID string
		var byStaff int
		if err := rows.Scan(&id, &sourceID, &byStaff); err != nil {
			rows.Close()
			return 0, 0, 0, fmt.Errorf("find %s that left the feed: %w", table, err)
		}
		switch {
		case present[sourceID]:
		case keptByRejection(sourceID, keep):
			keptRejected++
		case byStaff == 1:
			keptStaff++
		default:
			gone = append(gone, id)
		}
	}
	rows.Close()
	if err := rows.Err(); err != nil {
		return 0, 0, 0, fmt.Errorf("find %s that left the feed: %w", table, err)
	}
	withdraw, err := tx.prepareForLoop(ctx, "UPDATE "+table+" SET withdrawn_at = ?, updated_at = ? WHERE id = ?")
	if err != nil {
		return 0, 0, 0, err
	}
	defer withdraw.Close()
	now := tx.t(tx.Now)
	for _, id := range gone {
		if _, err := withdraw.ExecContext(ctx, now, now, id); err != nil {
			return 0, 0, 0, fmt.Errorf("withdraw from %s: %w", table, err)
		}
	}
	return len(gone), keptRejected, keptStaff, nil
}
