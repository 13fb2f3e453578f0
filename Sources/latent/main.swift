print("latent: under construction")
