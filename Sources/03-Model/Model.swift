// Masking -> LSTM -> Dense.
