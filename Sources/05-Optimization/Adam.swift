// Adam.
