"""ASFFNet512 (the authors' 512 re-implementation) written clean-room from
../shared/notes/asffnet512-architecture.md sections 2-8: model with spectral norm folded, the portable
seeded weights of the parity fixture, and the weight-free ONNX graph export."""
