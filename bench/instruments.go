package main

import (
	"fmt"
	"io"
	"net/http"
	"strings"
)

// scorePHQ9 scores a full PHQ-9 through the stateless API as a visitor
// would (no cookies): decoding, validating nine answers, scoring, banding
// and the item-9 safety flag.
func scorePHQ9(base string) worker {
	body := `{"answers": {"1": 1, "2": 2, "3": 1, "4": 0, "5": 3, "6": 1, "7": 2, "8": 0, "9": 1}}`
	visitor := &http.Client{Transport: &http.Transport{MaxIdleConnsPerHost: 64}}
	return func(_ *http.Client, _ int) error {
		res, err := visitor.Post(base+"/api/v1/instruments/phq9/score", "application/json", strings.NewReader(body))
		if err != nil {
			return err
		}
		io.Copy(io.Discard, res.Body)
		res.Body.Close()
		if res.StatusCode != http.StatusOK {
			return fmt.Errorf("score PHQ-9: status %d", res.StatusCode)
		}
		return nil
	}
}
