// Lightweight transactions: single-decree Paxos per item (issue 8).
export {};
