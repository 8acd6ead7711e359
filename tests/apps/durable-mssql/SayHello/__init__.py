def main(city: str) -> str:
    return f"Hello, {city}!"
