package audit

import (
	"bufio"
	"crypto/ed25519"
	"encoding/base64"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"strconv"
	"time"
)

// Checkpoint is a signed statement that the audit log had Seq entries, the
// newest sealed Hash, at time At. Copied off the machine, it lets anyone
// with the public key tell later whether the log was cut short (it now ends
// before Seq) or rewritten (entry Seq is no longer sealed Hash).
type Checkpoint struct {
	Seq       int64     `json:"seq"`
	Hash      string    `json:"hash"`
	At        time.Time `json:"at"`
	PublicKey string    `json:"public_key"` // base64 Ed25519 public key
	Signature string    `json:"signature"`  // base64
}

// signedBytes is what a checkpoint's signature covers.
func (c Checkpoint) signedBytes() []byte {
	return []byte("onward audit checkpoint v1\n" + strconv.FormatInt(c.Seq, 10) + "\n" + c.Hash + "\n" +
		c.At.UTC().Format(time.RFC3339Nano) + "\n")
}

// SignCheckpoint signs the log's state: seq entries, the newest sealed
// hash, at time at (kept to the microsecond, as the database stores it).
func (k Keys) SignCheckpoint(seq int64, hash string, at time.Time) Checkpoint {
	c := Checkpoint{Seq: seq, Hash: hash, At: at.UTC().Truncate(time.Microsecond), PublicKey: k.PublicKey()}
	c.Signature = base64.StdEncoding.EncodeToString(ed25519.Sign(k.signing, c.signedBytes()))
	return c
}

// CheckCheckpoint reports whether c was signed by these keys.
func (k Keys) CheckCheckpoint(c Checkpoint) error {
	if c.PublicKey != k.PublicKey() {
		return errors.New("it was signed with another key than this installation's")
	}
	sig, err := base64.StdEncoding.DecodeString(c.Signature)
	if err != nil || !ed25519.Verify(k.signing.Public().(ed25519.PublicKey), c.signedBytes(), sig) {
		return errors.New("its signature does not match: it was altered or forged")
	}
	return nil
}

// WriteCheckpoints writes checkpoints as JSON Lines, one per line, the
// format ReadCheckpoints reads and log collectors take as they are.
func WriteCheckpoints(w io.Writer, cps []Checkpoint) error {
	enc := json.NewEncoder(w)
	for _, c := range cps {
		if err := enc.Encode(c); err != nil {
			return fmt.Errorf("write checkpoint: %w", err)
		}
	}
	return nil
}

// ReadCheckpoints reads checkpoints written by WriteCheckpoints; blank
// lines are skipped.
func ReadCheckpoints(r io.Reader) ([]Checkpoint, error) {
	var out []Checkpoint
	sc := bufio.NewScanner(r)
	for n := 1; sc.Scan(); n++ {
		line := sc.Bytes()
		if len(line) == 0 {
			continue
		}
		var c Checkpoint
		if err := json.Unmarshal(line, &c); err != nil {
			return nil, fmt.Errorf("checkpoint on line %d: %w", n, err)
		}
		if c.Seq < 1 || c.Hash == "" || c.Signature == "" {
			return nil, fmt.Errorf("checkpoint on line %d: want seq, hash, at, public_key and signature", n)
		}
		out = append(out, c)
	}
	if err := sc.Err(); err != nil {
		return nil, fmt.Errorf("read checkpoints: %w", err)
	}
	return out, nil
}
