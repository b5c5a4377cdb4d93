#!/usr/bin/env bash
# The layering check (run by the test command): imports inside app/src must point one way,
#
#   pages, components -> api (+ contract) -> server::services -> server::store -> domain
#
# with `contract` (form inputs and their parse) depending on `domain` and `error` only.
# Each rule below names a layer (a folder) and the crate paths it must never use; a
# violation prints the file, the line and the rule, and the script exits 1.
#
# It reads `crate::…` paths (including grouped `use crate::{a, b::c}`) and relative
# `super::super::…` paths that leave a layer, with perl (always present on Debian).
set -euo pipefail
cd "$(dirname "$0")/../app/src"

perl -e '
use strict; use warnings;
# layer folder => [forbidden first segments after crate::, forbidden crate::server::<x>]
my @rules = (
  ["domain",          [qw(server api contract pages components)], []],
  ["contract",        [qw(server api pages components)], []],
  ["server/store",    [qw(api contract pages components)], [qw(services live session mailbox router seed config csrf rate_limit totp crypto markdown state)]],
  ["server/services", [qw(api contract pages components)], [qw(router)]],
  ["server",          [qw(api contract pages components)], []],
  ["api",             [qw(pages components)], [qw(store)]],
  ["pages",           [qw(server)], []],
  ["components",      [qw(server)], []],
);
my ($checked, $bad) = (0, 0);
my @files = split /\n/, `find . -name "*.rs" | sort`;
for my $file (@files) {
  (my $path = $file) =~ s{^\./}{};
  my ($rule) = grep { index($path, $_->[0] . "/") == 0 } @rules;
  next unless $rule;
  $checked++;
  open my $fh, "<", $file or die "$file: $!";
  my $src = do { local $/; <$fh> };
  close $fh;
  my %forbidden = map { $_ => 1 } @{$rule->[1]};
  my %forbidden_server = map { $_ => 1 } @{$rule->[2]};
  # Every `crate::a::b`, `crate::{a, b::c}` and `crate::a::{b, c}`, with its line number.
  while ($src =~ /crate::((?:\w+::)*)(\{(?:[^{}]|\{[^{}]*\})*\}|\w+)/g) {
    my ($prefix, $tail, $pos) = ($1, $2, $-[0]);
    my $line = 1 + (() = substr($src, 0, $pos) =~ /\n/g);
    my @items = $tail =~ /^\{(.*)\}$/s ? (map { s/^\s+|\s+$//gr } split /,(?![^{]*\})/, $1) : ($tail);
    for my $item (@items) {
      next if $item eq "" || $item eq "self" && $prefix eq "";
      my @segs = grep { $_ ne "" } (split(/::/, $prefix), split(/::/, $item =~ s/\{.*//sr));
      @segs = grep { $_ ne "self" } @segs;
      my ($first, $second) = (@segs, "", "");
      if ($forbidden{$first}) {
        print "$path:$line: the $rule->[0] layer must not use crate::$first\n"; $bad++;
      } elsif ($first eq "server" && $forbidden_server{$second}) {
        print "$path:$line: the $rule->[0] layer must not use crate::server::$second\n"; $bad++;
      }
    }
  }
  # Relative paths that climb out of server/store into services (or anything above).
  if ($rule->[0] eq "server/store" && $src =~ /super::super::(services|live|session)/) {
    print "$path: server/store must not reach server::$1 through super::super\n"; $bad++;
  }
}
print "layers: $checked files checked, $bad violations\n";
exit($bad ? 1 : 0);
'
