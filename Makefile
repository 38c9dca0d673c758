.PHONY: chat test bench eval index fetch
chat:
	./scripts/chat
test:
	./scripts/test
index:
	.venv/bin/wijkwijzer index
fetch:
	.venv/bin/wijkwijzer corpus fetch
bench:
	.venv/bin/wijkwijzer bench
eval:
	.venv/bin/wijkwijzer eval --check
