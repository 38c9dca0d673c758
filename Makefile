.PHONY: chat test bench eval index
chat:
	./scripts/chat
test:
	./scripts/test
index:
	.venv/bin/wijkwijzer index
bench:
	.venv/bin/wijkwijzer bench
eval:
	.venv/bin/wijkwijzer eval-retrieval
