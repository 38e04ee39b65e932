print("tcpstate")
